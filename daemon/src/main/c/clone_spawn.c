/*
 * Starts a program the way glibc's posix_spawn does (a child sharing the caller's memory, the caller held
 * until the child has called execve), with one difference that matters to a daemon holding thousands of
 * descriptors: the child shares the caller's descriptor table too (CLONE_FILES) and gives itself a table
 * of the few it needs with close_range(n, ~0, CLOSE_RANGE_UNSHARE), which copies descriptors 0 to n - 1
 * only. posix_spawn copies the whole table in clone and then closes it descriptor by descriptor in the
 * child (addclosefrom_np): about 0.6 ms a spawn at 4,000 descriptors (bench/spawn.sh).
 *
 * Descriptors meant for the child must sit below n, yet the caller's are anywhere: the library holds a
 * run of slots, low in the table, each open on a placeholder. A spawn puts each descriptor for the child
 * in a slot with dup3 (which replaces the placeholder in one step, so no other thread can take the slot
 * meanwhile), and puts the placeholders back once the child runs. One spawn at a time: the slots and the
 * child's stack are the library's.
 *
 * Needs Linux 5.9 (close_range); drover_spawn_probe says when the kernel lacks it or a filter refuses
 * it, and the daemon then spawns with posix_spawn.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#endif

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int placeholder = -1; /* /dev/null, read-only, close-on-exec */
static int base = -1;        /* the first slot */
static int capacity;         /* how many slots */
/* The child runs on this stack, not the caller's: it shares the caller's memory, and the caller's frames
   are live. 64 KiB is many times what the calls below take. */
static char stack[64 * 1024] __attribute__((aligned(64)));

struct request {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *cwd;
    int count;
    volatile int err;      /* the child's errno when it could not reach execve; read by the caller */
    volatile int unshared; /* whether the child got its own table: if not, this kernel refuses the way */
};

/* Linux's own struct for rt_sigaction, not glibc's, which refuses the signals glibc keeps for itself */
struct kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

static int child(void *arg) {
    struct request *r = arg;
    /* Every signal to its default action (Java threads handle some, a daemon started under nohup ignores
       SIGHUP); then none blocked. The caller blocked them all before clone, so none of the caller's
       handlers can run here in the meantime. */
    struct kernel_sigaction dfl = {SIG_DFL, 0, NULL, 0};
    for (int sig = 1; sig < _NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(uint64_t));
    }
    uint64_t none = 0;
    int e;
    /* a table of our own holding descriptors 0 to base + count - 1: the caller's lowest and the slots */
    if (syscall(SYS_close_range, (unsigned)(base + r->count), ~0U, CLOSE_RANGE_UNSHARE) != 0) goto fail;
    r->unshared = 1;
    for (int i = 0; i < r->count; i++) { /* slot i to descriptor i; a slot is always above its target */
        if (dup2(base + i, i) < 0) goto fail;
    }
    if (syscall(SYS_close_range, (unsigned)r->count, ~0U, 0) != 0) goto fail;
    if (setsid() < 0) goto fail;
    if (chdir(r->cwd) != 0) goto fail;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof none);
    execve(r->path, r->argv, r->envp);
fail:
    e = errno;
    r->err = e ? e : EINVAL;
    _exit(127);
}

/* 0 where the kernel has close_range, else its errno (ENOSYS before Linux 5.9; EPERM under a seccomp
   filter that does not know it) */
int drover_spawn_probe(void) {
    int probe = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (probe < 0) return errno;
    if (syscall(SYS_close_range, (unsigned)probe, (unsigned)probe, 0) != 0) { /* closes the probe */
        int e = errno;
        close(probe);
        return e;
    }
    return 0;
}

/* Holds `slots` slots. Returns the first, or -errno. */
int drover_spawn_init(int slots) {
    pthread_mutex_lock(&lock);
    int result = base;
    if (base >= 0) goto done;
    placeholder = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (placeholder < 0) {
        result = -errno;
        goto done;
    }
    /* a run of free descriptors, each taken with F_DUPFD (the lowest free one from a floor, taken in one
       step): when another thread takes one in the middle, start again above it */
    int first = 3;
    for (;;) {
        int got = 0, fd = -1;
        while (got < slots) {
            fd = fcntl(placeholder, F_DUPFD_CLOEXEC, first + got);
            if (fd < 0 || fd != first + got) break;
            got++;
        }
        if (got == slots) break;
        for (int i = 0; i < got; i++) close(first + i);
        if (fd < 0) {
            result = -errno;
            close(placeholder);
            placeholder = -1;
            goto done;
        }
        close(fd);
        first = fd + 1;
    }
    base = first;
    capacity = slots;
    result = base;
done:
    pthread_mutex_unlock(&lock);
    return result;
}

/*
 * Starts path with argv and envp in a new session in cwd, with fds[i] as its descriptor i for i < count,
 * no other descriptor, every signal at its default action and none blocked. Returns 0 with the pid in
 * *pid, or an errno: the child's when it could not start the program (reaped already), EINVAL when
 * drover_spawn_init has not succeeded or count exceeds its slots; or minus the errno with which the
 * kernel refused the child a table of its own (a sandbox that knows close_range but not
 * CLOSE_RANGE_UNSHARE): nothing was started, and no spawn will go this way here.
 */
int drover_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd, const int *fds,
                 int count, int *pid) {
    if (base < 0 || count < 3 || count > capacity) return EINVAL;
    struct request r = {path, argv, envp, cwd, count, 0, 0};
    int result = 0, placed = 0;
    pthread_mutex_lock(&lock);
    for (; placed < count; placed++) {
        if (dup3(fds[placed], base + placed, O_CLOEXEC) < 0) {
            result = errno;
            goto restore;
        }
    }
    /* every signal blocked, glibc's own among them (pthread_sigmask leaves those out), as glibc's spawn does */
    uint64_t all = ~(uint64_t)0, old;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old, sizeof all);
    int child_pid = clone(child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, &r);
    int clone_errno = errno;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, sizeof old);
    if (child_pid < 0) {
        result = clone_errno;
    } else if (r.err != 0) {
        result = r.unshared ? r.err : -r.err;
        while (waitpid(child_pid, NULL, 0) < 0 && errno == EINTR) {
        }
    } else {
        *pid = child_pid;
    }
restore: /* the slots give back what they held: the caller closes its pipe ends and expects them gone */
    for (int i = 0; i < placed; i++) {
        dup3(placeholder, base + i, O_CLOEXEC);
    }
    pthread_mutex_unlock(&lock);
    return result;
}
