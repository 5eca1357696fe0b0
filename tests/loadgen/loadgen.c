/*
 * loadgen: one load generator for the record server and for Redis, so that both are measured by
 * the same client code (docs/benchmarks.md, "Against Redis"). One thread, one epoll set, N
 * connections over a Unix socket, each keeping --pipeline requests in flight; responses are
 * parsed, counted and timed. It reports its own CPU time, so a reader can see it was not the
 * bottleneck. Build: cc -O2 -o loadgen loadgen.c
 *
 *   loadgen --target iocp|redis --path SOCKET --clients N [--pipeline D] [--op get|add]
 *           [--seconds S] [--warmup W] [--seed K]
 *
 * iocp get = RETRIEVE of a seeded id, iocp add = ADD (durable: answered after the commit);
 * redis get = GET of a seeded key, redis add = SET. Prints one line of key=value pairs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

enum { TARGET_IOCP, TARGET_REDIS };
enum { OP_GET, OP_ADD };
#define INBUF 65536
#define MAXDEPTH 256
#define BUCKETS (64 * 16)

typedef struct {
    int fd;
    int inflight;
    int inlen;
    uint64_t sent_at[MAXDEPTH];
    int head, tail;
    char in[INBUF];
} conn_t;

static int g_target = TARGET_IOCP, g_op = OP_GET, g_clients = 1, g_depth = 1, g_seed = 1000;
static double g_seconds = 5, g_warmup = 1;
static const char *g_path;
static uint64_t g_hist[BUCKETS];
static uint64_t g_rng = 88172645463325252ull;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t next_rand(void) {
    g_rng ^= g_rng << 13; g_rng ^= g_rng >> 7; g_rng ^= g_rng << 17;
    return g_rng;
}

static void die(const char *what) { fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno)); exit(2); }

/* log-linear histogram of nanoseconds: 16 sub-buckets per power of two (about 6 % wide). */
static int bucket_of(uint64_t ns) {
    if (ns < 16) return (int)ns;
    int log = 63 - __builtin_clzll(ns);
    int sub = (int)((ns >> (log - 4)) & 15);
    int b = (log - 3) * 16 + sub;
    return b < BUCKETS ? b : BUCKETS - 1;
}

static uint64_t bucket_value(int b) {
    if (b < 16) return (uint64_t)b;
    int log = b / 16 + 3, sub = b % 16;
    return ((uint64_t)(16 + sub)) << (log - 4);
}

static double percentile(double p) {
    uint64_t total = 0, seen = 0;
    for (int i = 0; i < BUCKETS; i++) total += g_hist[i];
    if (total == 0) return 0;
    uint64_t want = (uint64_t)(p * (double)total);
    for (int i = 0; i < BUCKETS; i++) {
        seen += g_hist[i];
        if (seen > want) return (double)bucket_value(i) / 1e6;
    }
    return 0;
}

/* Writes one request into out; returns its length. */
static int request(char *out) {
    if (g_target == TARGET_IOCP) {
        if (g_op == OP_GET) {
            uint64_t id = 1 + next_rand() % (uint64_t)g_seed;
            uint32_t len = 9; out[4] = 3;
            memcpy(out, &len, 4); memcpy(out + 5, &id, 8);
            return 13;
        }
        uint32_t len = 9; int32_t a = (int32_t)next_rand(), b = (int32_t)next_rand();
        memcpy(out, &len, 4); out[4] = 1; memcpy(out + 5, &a, 4); memcpy(out + 9, &b, 4);
        return 13;
    }
    char key[24];
    int klen = snprintf(key, sizeof key, "k:%07llu", (unsigned long long)(next_rand() % (uint64_t)g_seed));
    if (g_op == OP_GET) return sprintf(out, "*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n", klen, key);
    return sprintf(out, "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$8\r\n%08x\r\n", klen, key, (unsigned)next_rand());
}

/* Length of the first whole response in buf, 0 if incomplete; *error set for an error answer. */
static int response_length(const char *buf, int len, int *error) {
    *error = 0;
    if (g_target == TARGET_IOCP) {
        if (len < 5) return 0;
        uint32_t flen; memcpy(&flen, buf, 4);
        if ((int)(4 + flen) > len) return 0;
        *error = buf[4] != 0 && !(g_op == OP_GET && buf[4] == 1); /* NOT_FOUND is an answer */
        return 4 + (int)flen;
    }
    const char *eol = memchr(buf, '\n', (size_t)len);
    if (!eol) return 0;
    int line = (int)(eol - buf) + 1;
    if (buf[0] == '-') *error = 1;
    if (buf[0] != '$') return line;
    int n = atoi(buf + 1);
    if (n < 0) return line;
    return line + n + 2 <= len ? line + n + 2 : 0;
}

static int connect_to(const char *path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
    for (int attempt = 0; connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0; attempt++) {
        if ((errno != EAGAIN && errno != ECONNREFUSED) || attempt > 2000) die("connect");
        usleep(1000);
    }
    return fd;
}

static void send_all(int fd, const char *buf, int len) {
    while (len > 0) {
        ssize_t n = send(fd, buf, (size_t)len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) { usleep(10); continue; }
            die("send");
        }
        buf += n; len -= (int)n;
    }
}

/* Seeds the keys GET reads, over one connection, pipelined. */
static void seed(void) {
    int fd = connect_to(g_path);
    static char out[1 << 20], in[1 << 16];
    int olen = 0, pending = 0, inlen = 0;
    for (int i = 0; i < g_seed; i++) {
        if (g_target == TARGET_IOCP) {
            uint32_t len = 9; int32_t a = i, b = -i;
            memcpy(out + olen, &len, 4); out[olen + 4] = 1; memcpy(out + olen + 5, &a, 4); memcpy(out + olen + 9, &b, 4);
            olen += 13;
        } else {
            char key[24]; int klen = snprintf(key, sizeof key, "k:%07d", i);
            olen += sprintf(out + olen, "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$8\r\n%08x\r\n", klen, key, (unsigned)i);
        }
        pending++;
        if (olen > (int)sizeof out - 128 || i == g_seed - 1) {
            send_all(fd, out, olen); olen = 0;
            while (pending > 0) {
                ssize_t n = recv(fd, in + inlen, sizeof in - (size_t)inlen, 0);
                if (n <= 0) die("seed recv");
                inlen += (int)n;
                int off = 0, err, l;
                while ((l = response_length(in + off, inlen - off, &err)) > 0) { off += l; pending--; }
                memmove(in, in + off, (size_t)(inlen - off)); inlen -= off;
            }
        }
    }
    close(fd);
}

static double cpu_seconds(void) {
    struct rusage u; getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--target")) g_target = !strcmp(v, "redis") ? TARGET_REDIS : TARGET_IOCP;
        else if (!strcmp(k, "--path")) g_path = v;
        else if (!strcmp(k, "--clients")) g_clients = atoi(v);
        else if (!strcmp(k, "--pipeline")) g_depth = atoi(v);
        else if (!strcmp(k, "--op")) g_op = !strcmp(v, "add") ? OP_ADD : OP_GET;
        else if (!strcmp(k, "--seconds")) g_seconds = atof(v);
        else if (!strcmp(k, "--warmup")) g_warmup = atof(v);
        else if (!strcmp(k, "--seed")) g_seed = atoi(v);
        else { fprintf(stderr, "loadgen: unknown option %s\n", k); return 2; }
    }
    if (!g_path || g_clients < 1 || g_depth < 1 || g_depth > MAXDEPTH || g_seed < 1 || g_seconds <= 0) {
        fprintf(stderr, "usage: loadgen --target iocp|redis --path SOCKET --clients N [--pipeline 1..%d] [--op get|add] [--seconds S] [--warmup W] [--seed K]\n", MAXDEPTH);
        return 2;
    }
    struct rlimit nofile; getrlimit(RLIMIT_NOFILE, &nofile); nofile.rlim_cur = nofile.rlim_max; setrlimit(RLIMIT_NOFILE, &nofile);
    if (g_op == OP_GET) seed();

    conn_t *conns = calloc((size_t)g_clients, sizeof(conn_t));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < g_clients; i++) {
        conns[i].fd = connect_to(g_path);
        fcntl(conns[i].fd, F_SETFL, O_NONBLOCK);
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &conns[i] };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev) != 0) die("epoll_ctl");
    }

    char out[MAXDEPTH * 64];
    uint64_t start = now_ns();
    uint64_t measure_from = start + (uint64_t)(g_warmup * 1e9), measure_to = measure_from + (uint64_t)(g_seconds * 1e9);
    for (int i = 0; i < g_clients; i++) {
        int olen = 0;
        for (int d = 0; d < g_depth; d++) { olen += request(out + olen); conns[i].sent_at[conns[i].tail++ % MAXDEPTH] = now_ns(); }
        conns[i].inflight = g_depth;
        send_all(conns[i].fd, out, olen);
    }

    uint64_t completed = 0, errors = 0, inflight_total = (uint64_t)g_clients * (uint64_t)g_depth;
    double cpu_from = 0, cpu_to = 0;
    int measuring = 0, stopping = 0;
    struct epoll_event events[512];
    while (inflight_total > 0) {
        uint64_t now = now_ns();
        if (!measuring && now >= measure_from) { measuring = 1; cpu_from = cpu_seconds(); }
        if (!stopping && now >= measure_to) { stopping = 1; cpu_to = cpu_seconds(); }
        if (stopping && now > measure_to + 10ull * 1000000000ull) { fprintf(stderr, "loadgen: %llu responses never came\n", (unsigned long long)inflight_total); break; }
        int n = epoll_wait(ep, events, 512, 100);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int e = 0; e < n; e++) {
            conn_t *c = events[e].data.ptr;
            ssize_t got = recv(c->fd, c->in + c->inlen, INBUF - (size_t)c->inlen, 0);
            if (got <= 0) {
                if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                fprintf(stderr, "loadgen: the server closed a connection (%s)\n", got == 0 ? "end of stream" : strerror(errno));
                return 1;
            }
            c->inlen += (int)got;
            int off = 0, err, l, olen = 0;
            uint64_t t = now_ns();
            while ((l = response_length(c->in + off, c->inlen - off, &err)) > 0) {
                off += l;
                uint64_t sent = c->sent_at[c->head++ % MAXDEPTH];
                c->inflight--; inflight_total--;
                if (measuring && !stopping) { completed++; errors += (uint64_t)err; g_hist[bucket_of(t - sent)]++; }
                if (!stopping) { olen += request(out + olen); c->sent_at[c->tail++ % MAXDEPTH] = t; c->inflight++; inflight_total++; }
            }
            memmove(c->in, c->in + off, (size_t)(c->inlen - off)); c->inlen -= off;
            if (olen > 0) send_all(c->fd, out, olen);
        }
    }
    double wall = g_seconds;
    printf("target=%s op=%s clients=%d pipeline=%d seconds=%.1f tx=%llu tx_s=%.0f errors=%llu p50_ms=%.3f p99_ms=%.3f loadgen_cpu_s=%.2f loadgen_cpu_share=%.2f\n",
        g_target == TARGET_IOCP ? "iocp" : "redis", g_op == OP_GET ? "get" : "add", g_clients, g_depth, wall,
        (unsigned long long)completed, (double)completed / wall, (unsigned long long)errors, percentile(0.50), percentile(0.99),
        cpu_to - cpu_from, (cpu_to - cpu_from) / wall);
    for (int i = 0; i < g_clients; i++) close(conns[i].fd);
    return errors > 0 ? 1 : 0;
}
