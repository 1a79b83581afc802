# The JVM options of droverd and drover-runtime, sourced by their launchers (the checkout's and the
# packages'), so that each is written once. A small, steady footprint: the daemon holds little state, and
# most of its memory is the JVM itself.
# - The heap has the JVM's room to work during a burst and is given back in one step once calls stop
#   (HeapTrim lowers the free ratios for one collection, -XX:-ShrinkHeapInSteps). It starts at 4 MB, not
#   8: a trim cannot go below the initial size, and 8 MB held the heap above what lives even at 1,000
#   instances (5.1 MB).
# - The young generation is a seventh of the heap and at most 1 MB (-XX:NewRatio=6 -XX:MaxNewSize=1m): what
#   a call leaves behind is garbage at once, and what lives (the process table) is small. Its pages stay
#   resident once used, so every MB of it is a MB of RSS. With these two and the smaller start, a start
#   of 1,000 instances and three listings collect 52 times instead of 33: 110 ms instead of 80 of the
#   daemon's 600 ms of CPU, for 1.7 MB less RSS at 1,000 instances (53.9 MB instead of 55.6) and 0.6 MB
#   less at 10 (51.2 instead of 51.8).
# - C1 only, one compiler thread, a 16 MB code cache: a daemon this size never fills it, so no sweeper
#   thread flushes it (-XX:-MethodFlushing).
# - JMX's memory notifications come from the service thread, one thread fewer (-XX:-UseNotificationThread).
# - The string table starts with 4,096 buckets, not 65,536 (512 KB): about 8,000 strings are interned, and
#   the table grows if it needs to.
# - The symbol table (names the JVM makes at run time; the archive holds the rest) starts with 2,048
#   buckets, not 32,768 (256 KB): about 1,100 symbols are made, and it grows if it needs to. An
#   experimental flag, there in JDK 17 as in 25.
# - Idle, nothing wakes the JVM four times a second: the monitor deflation thread looks once a minute, not
#   every 250 ms (-XX:AsyncDeflationInterval), and the VM thread makes no safepoint every second for
#   clean-ups that can wait for the next one work makes (-XX:GuaranteedSafepointInterval). A minute, not 0
#   (off): in JDK 17 builds from before mid-2023 the deflation thread waited out the safepoint interval,
#   forever at 0, and idle monitors were then never given back (JDK-8306825). At 10 instances those two took 21 of the 24 ms an idle minute cost
#   the daemon: 0.040 % of a core before, 0.005 % after. Both flags are diagnostic ones.
# - The JVM stops a thread for a moment to sample it (Flight Recorder's method profiling, what JMC shows)
#   with SIGUSR2, unless told another signal. droverd takes SIGUSR2 for itself (as PM2's, it reopens the
#   log files), and a profile of the daemon then held no sample: 1 in 4 s of a busy thread, against 365.
#   A real-time signal nothing sends is used instead; the apps drover-runtime starts inherit the setting,
#   which only moves their JVM's sampling signal too.
export _JAVA_SR_SIGNUM=40
# POSIX sh; used unquoted, as words: no option holds a space.
drover_jvm_options="-Xms4m -Xmx64m -XX:+UseSerialGC -XX:NewRatio=6 -XX:MaxNewSize=1m -XX:-ShrinkHeapInSteps -XX:TieredStopAtLevel=1 -Xss512k \
-XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -XX:CICompilerCount=1 -XX:-UsePerfData \
-XX:-UseNotificationThread -XX:-MethodFlushing -XX:StringTableSize=4096 \
-XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=60000 -XX:GuaranteedSafepointInterval=60000 \
-XX:+UnlockExperimentalVMOptions -XX:SymbolTableSize=2048"
