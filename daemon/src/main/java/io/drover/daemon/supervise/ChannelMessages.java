package io.drover.daemon.supervise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.daemon.os.files.FileOwner;
import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.socket.ListeningSocket;
import io.drover.daemon.socket.SharedSockets;
import io.drover.daemon.spawn.ChildProcess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process says on its channel to the daemon (the protocol is in {@code Interpreter.shimChannel()}):
 * in cluster mode it asks for the shared socket of an address it is about to listen on, then says it
 * listens; PM2's {@code process.send('ready')} counts as {@code READY=1}. Anything else is ignored. Runs on
 * the scheduler's thread.
 */
final class ChannelMessages {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelMessages.class);
    /** Sockets one process may be handed: each answer adds a descriptor to it, so a loop must end somewhere. */
    static final int MAX_ANSWERS = 256;

    private final Supervisor supervisor;
    private final SharedSockets shared;
    private final Map<ChildProcess, Integer> answers = new HashMap<>();

    /** Made when the first message comes: Jackson's 370 classes stay unloaded in a daemon without channels. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    ChannelMessages(Supervisor supervisor, SharedSockets shared) {
        this.supervisor = supervisor;
        this.shared = shared;
    }

    void received(Instance inst, ChildProcess child, String line) {
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return; // not ours to judge: the app may send what it likes on its channel
        }
        if (message.isTextual() && message.textValue().equals("ready")) {
            supervisor.onNotify(inst, child, List.of(Map.entry("READY", "1")));
            return;
        }
        String cmd = message.path("cmd").asText("");
        if (cmd.equals("NODE_DROVER_LISTEN")) {
            listen(inst, child, message);
        } else if (cmd.equals("NODE_DROVER_LISTENING")) {
            supervisor.onListening(inst, child);
        }
    }

    private void listen(Instance inst, ChildProcess child, JsonNode request) {
        App app = inst.app();
        long seq = request.path("seq").asLong(0);
        int port = request.path("port").asInt(0);
        String host = request.path("host").asText("");
        if (!app.spec().cluster().sharesPorts() || !supervisor.keeps(inst)) {
            refuse(child, seq, "ENOTSUP", "the app is not in cluster mode");
            return;
        }
        int answered = answers.merge(child, 1, Integer::sum);
        if (answered > MAX_ANSWERS) {
            refuse(child, seq, "EMFILE", "the process asked for " + MAX_ANSWERS + " sockets already");
            return;
        }
        ListeningSocket socket;
        try {
            boolean root = FileOwner.of(app.spec().runAs()).uid() == 0; // the app's user, else the daemon's
            socket = shared.request(app.spec().name(), host, port, root, child);
        } catch (IllegalArgumentException e) {
            LOG.debug("{}: no shared socket for {}:{}: {}", inst, host, port, e.getMessage());
            refuse(child, seq, "EREFUSED", e.getMessage());
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("cmd", "NODE_HANDLE");
        answer.put("type", "net.Native");
        ObjectNode msg = answer.putObject("msg");
        msg.put("cmd", "NODE_DROVER_SOCKET");
        msg.put("seq", seq);
        msg.put("port", socket.port());
        if (!child.sendOnChannel(answer.toString(), socket.fd())) {
            LOG.debug("{}: the process no longer reads its channel", inst);
        }
    }

    private static void refuse(ChildProcess child, long seq, String code, String why) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("cmd", "NODE_DROVER_SOCKET");
        answer.put("seq", seq);
        answer.put("error", code);
        answer.put("message", why);
        child.sendOnChannel(answer.toString(), -1);
    }

    /** The process exited: the sockets it listened on are let go of when no other process holds them. */
    void exited(Instance inst, ChildProcess child) {
        answers.remove(child);
        shared.exited(inst.app().spec().name(), child);
    }
}
