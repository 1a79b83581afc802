package io.drover.cli.monit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class DashboardTests {
    @Test
    void eachStyledStretchKeepsItsTextAndGetsItsAttributes() {
        Line line = new Line(
                "▶ web online  rest", List.of(new Line.Span(0, 5, Style.SELECTED), new Line.Span(6, 12, Style.GOOD)));
        AttributedString s = Dashboard.frame(List.of(line)).get(0);
        assertEquals(line.text(), s.toString());
        assertEquals(AttributedStyle.DEFAULT.inverse().bold(), s.styleAt(0));
        assertEquals(AttributedStyle.DEFAULT.inverse().bold(), s.styleAt(4));
        assertEquals(AttributedStyle.DEFAULT, s.styleAt(5));
        assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN), s.styleAt(6));
        assertEquals(AttributedStyle.DEFAULT, s.styleAt(14));
    }

    @Test
    void aWholeScreenFromTheModelBecomesAsManyTerminalLinesOfTheSameText() {
        MonitModel m = new MonitModel();
        MonitModelTests.poll(
                m, List.of(MonitModelTests.process(0, "api", 0, "online", 5, 1 << 20)), MonitModelTests.HOST);
        List<Line> lines = m.render(90, 12, MonitModelTests.NOW);
        List<AttributedString> frame = Dashboard.frame(lines);
        assertEquals(12, frame.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(lines.get(i).text(), frame.get(i).toString());
        }
    }
}
