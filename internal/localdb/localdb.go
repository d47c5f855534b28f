// Package localdb names the project-local PostgreSQL cluster that
// deploy/local/db.sh starts (`make db`): the port it listens on, settable
// with CAREERBOT_PGPORT, and the URL careerbot and the tests use when
// DATABASE_URL is not set.
package localdb

import (
	"fmt"
	"strconv"
)

// PortVar is the environment variable that sets the cluster's port, read by
// the Makefile, deploy/local/db.sh, careerbot and the tests alike.
const PortVar = "CAREERBOT_PGPORT"

// DefaultPort is the cluster's port when PortVar is not set.
const DefaultPort = 55432

// URL is the careerbot database of the local cluster listening on port.
func URL(port int) string {
	return fmt.Sprintf("postgres://careerbot@127.0.0.1:%d/careerbot?sslmode=disable", port)
}

// PortError is a value of PortVar that is not a port number.
type PortError struct{ Value string }

func (e *PortError) Error() string {
	return fmt.Sprintf("must be a port number from 1 to 65535 such as %d, not %q", DefaultPort, e.Value)
}

// ParsePort reads a value of PortVar; an empty one is DefaultPort.
func ParsePort(v string) (int, error) {
	if v == "" {
		return DefaultPort, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 65535 {
		return 0, &PortError{Value: v}
	}
	return n, nil
}

// URLFromEnv is the local cluster's URL on the port getenv gives for
// PortVar.
func URLFromEnv(getenv func(string) string) (string, error) {
	port, err := ParsePort(getenv(PortVar))
	if err != nil {
		return "", fmt.Errorf("%s %w", PortVar, err)
	}
	return URL(port), nil
}
