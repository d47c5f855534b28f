package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/careerbot/careerbot/internal/localdb"
)

// dbNotRunningError is a connection refused by the configured database's
// address: no PostgreSQL server listens there.
type dbNotRunningError struct {
	// Addr is the host and port connected to.
	Addr string
	// Local is true when the address is the local cluster's, DATABASE_URL
	// being unset, on Port.
	Local bool
	Port  int
	Err   error
}

func (e *dbNotRunningError) Error() string {
	if e.Local {
		return fmt.Sprintf("no PostgreSQL server listens on %s, where the local cluster should be (DATABASE_URL is not set; %s=%d): start it with 'make db' (with the same %s, or PGPORT), or set DATABASE_URL to another server",
			e.Addr, localdb.PortVar, e.Port, localdb.PortVar)
	}
	return fmt.Sprintf("no PostgreSQL server listens on %s, the server of DATABASE_URL: check that it runs and accepts connections from here and that the URL's host and port are right, or unset DATABASE_URL to use the local cluster of 'make db'", e.Addr)
}

func (e *dbNotRunningError) Unwrap() error { return e.Err }

// databaseAddr is the host:port the configured URL connects to.
func (c Config) databaseAddr() string {
	pc, err := pgconn.ParseConfig(c.DatabaseURL)
	if err != nil {
		return "?"
	}
	return net.JoinHostPort(pc.Host, strconv.Itoa(int(pc.Port)))
}

// explainDBError says what to do when err comes from connecting to a
// database that is not running; other errors are returned as they are.
func (c Config) explainDBError(err error) error {
	if !errors.Is(err, syscall.ECONNREFUSED) {
		return err
	}
	return &dbNotRunningError{Addr: c.databaseAddr(), Local: c.LocalDatabase, Port: c.PGPort, Err: err}
}
