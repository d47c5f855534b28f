// Package reliability tries to break careerbot from the outside and
// records what held: bad input through every surface (slow HTTP bodies
// included), faults of PostgreSQL (stopped, or its tables locked), the
// chat model (failing, writing answers of many megabytes, answering in the
// wrong language or telling its rules) and Slack, replicas killed
// mid-answer, readiness bodies and the operational listener, load from
// many users over Socket Mode and HTTP at once and a burst from one user
// past the rate limit, prompt injection, and secrets in logs, even echoed
// by the chat model's gateway.
//
// Its tests build the careerbot binary and run `careerbot serve`, `ask`,
// `chat` and `kb` as separate processes against local stand-ins of Slack
// and of an OpenAI-compatible API, on a fresh database each. `go test`
// runs them at a short size; with CAREERBOT_RELIABILITY=full (make
// reliability) they run at full size and stop and restart the local
// PostgreSQL cluster. A crash of PostgreSQL is tried on a cluster of the
// test's own, set up by deploy/local/db.sh on a free port, at both sizes. With CAREERBOT_RELIABILITY_OUT set, they write their
// figures there as JSON (Results): the previous file is removed at the
// start and each row is written as its test starts and ends, so that a run
// stopped midway leaves a file that says so. internal/reliability/report
// writes docs/reliability.md from it.
package reliability
