#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server_conn.h"

#define CONNECT_TIMEOUT_S "10" /* a kiosk's network that does not answer is down */
/*
 * A server that vanishes without closing the connection (power cut, cable out, a NAT
 * forgetting it) sends no reset: without these the sync thread would wait on it for the
 * kernel's defaults (hours while idle, ~15 minutes with data unacknowledged), and come
 * back to the gym only after that. A round runs every second, so data is nearly always
 * in flight and the user timeout is what notices; a LAN that acknowledges nothing for
 * 15 s is down. Idle: a probe after KEEPALIVE_IDLE_S, then every
 * KEEPALIVE_INTERVAL_S, given up after KEEPALIVE_COUNT unanswered (15 s in all);
 * sending: given up when data stays unacknowledged for TCP_USER_TIMEOUT_MS.
 */
#define KEEPALIVE_IDLE_S     "5"
#define KEEPALIVE_INTERVAL_S "5"
#define KEEPALIVE_COUNT      "2"
#define TCP_USER_TIMEOUT_MS  "15000"

static const struct {
    const char *says; /* in libpq's or the server's message */
    const char *hint;
} hints[] = {
    {"password authentication failed", "check the role's password (passfile, ~/.pgpass or the "
                                       "service file)"},
    {"no password supplied", "give the role's password in a passfile only the kiosk's user "
                             "reads (passfile=, mode 0600)"},
    {"server does not support SSL",
     "the server offers no TLS but the connection requires it: turn on ssl in its "
     "postgresql.conf, or fix sslmode"},
    {"SSL", "check the server's TLS certificate and sslmode/sslrootcert"},
    {"does not exist", "create the database and role on the server, or fix dbname/user"},
    {"No such file or directory", "is PostgreSQL running there, and is the address right?"},
    {"Connection refused", "is PostgreSQL running there, and is the address right?"},
    {"could not translate host name", "check the host name in [server] connection"},
    {"timeout expired", "the server did not answer: check the network and the address"},
    {"definition of service", "check the service name and pg_service.conf"},
    {"invalid connection option", "check [server] connection (see the libpq documentation)"},
    {"missing \"=\"", "check [server] connection: key=value pairs"},
};

/* A line of the server's that quotes the row it refused, values and all. */
#define FAILING_ROW "DETAIL:  Failing row contains"

void server_flatten(const char *msg, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;
    for (const char *p = msg ? msg : ""; *p && n + 1 < size; p++) {
        if ((p == msg || p[-1] == '\n') && strncmp(p, FAILING_ROW, strlen(FAILING_ROW)) == 0) {
            const char *end = strchr(p, '\n');
            if (!end)
                break;
            p = end;
            continue;
        }
        bool ws = *p == '\n' || *p == '\r' || *p == '\t' || *p == ' ';
        if (ws) {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < size)
            out[n++] = ' ';
        space = false;
        out[n++] = *p;
    }
    out[n] = '\0';
}

void server_one_line(const char *msg, char err[SERVER_ERR_MAX])
{
    char flat[SERVER_ERR_MAX];
    server_flatten(msg, flat, sizeof flat);
    const char *hint = NULL;
    for (size_t i = 0; i < sizeof hints / sizeof hints[0] && !hint; i++)
        if (strstr(flat, hints[i].says))
            hint = hints[i].hint;
    if (hint)
        snprintf(err, SERVER_ERR_MAX, "%.300s (%s)", flat, hint);
    else
        snprintf(err, SERVER_ERR_MAX, "%s", flat[0] ? flat : "unknown libpq failure");
}

/*
 * libpq skips a passfile it cannot open as if there were none, and says only that no
 * password was supplied: an operator who made it root's own, not knowing that the kiosk
 * runs as its own user, would look for the wrong thing. When the passfile libpq looked in
 * exists but this user cannot read it, the hint names it, the user and what to do.
 */
static bool unreadable_passfile(PGconn *conn, char *hint, size_t size)
{
    PQconninfoOption *opts = PQconninfo(conn);
    bool found = false;
    for (PQconninfoOption *o = opts; o && o->keyword && !found; o++) {
        if (strcmp(o->keyword, "passfile") != 0 || !o->val || !o->val[0])
            continue;
        if (access(o->val, R_OK) == 0 || errno == ENOENT)
            break;
        int why = errno;
        const struct passwd *pw = getpwuid(geteuid());
        char user[64];
        if (pw)
            snprintf(user, sizeof user, "%s", pw->pw_name);
        else
            snprintf(user, sizeof user, "uid %u", (unsigned)geteuid());
        snprintf(hint, size,
                 "the passfile %.120s cannot be read by %s: %s; make it that user's, mode 0600",
                 o->val, user, strerror(why));
        found = true;
    }
    PQconninfoFree(opts);
    return found;
}

static void quiet(void *arg, const char *message)
{
    (void)arg; /* NOTICEs such as "already exists, skipping" are not the operator's business */
    (void)message;
}

PGconn *server_connect(const char *conninfo, char err[SERVER_ERR_MAX])
{
    /* the connection string comes last so that what it says overrides these defaults */
    const char *const keys[] = {"connect_timeout",
                                "fallback_application_name",
                                "keepalives",
                                "keepalives_idle",
                                "keepalives_interval",
                                "keepalives_count",
                                "tcp_user_timeout",
                                "dbname",
                                NULL};
    const char *const values[] = {CONNECT_TIMEOUT_S,
                                  "rackside",
                                  "1",
                                  KEEPALIVE_IDLE_S,
                                  KEEPALIVE_INTERVAL_S,
                                  KEEPALIVE_COUNT,
                                  TCP_USER_TIMEOUT_MS,
                                  conninfo,
                                  NULL};
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    if (!conn) {
        snprintf(err, SERVER_ERR_MAX, "out of memory for the connection");
        return NULL;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        char line[SERVER_ERR_MAX], hint[256];
        if (strstr(PQerrorMessage(conn), "no password supplied") &&
            unreadable_passfile(conn, hint, sizeof hint)) {
            server_flatten(PQerrorMessage(conn), line, sizeof line);
            snprintf(err, SERVER_ERR_MAX, "cannot reach the gym server: %.180s (%s)", line, hint);
        } else {
            server_one_line(PQerrorMessage(conn), line);
            snprintf(err, SERVER_ERR_MAX, "cannot reach the gym server: %.440s", line);
        }
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, quiet, NULL);
    return conn;
}
