package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

func (e *env) probeCmd() *cobra.Command {
	var ready bool
	cmd := &cobra.Command{
		Use:   "probe",
		Short: "Check the /healthz (or --ready: /readyz) endpoint of the serve running on CAREERBOT_OPS_ADDR or CAREERBOT_HTTP_ADDR",
		Long: `Check the /healthz endpoint (with --ready, /readyz) of the careerbot serve
listening on this machine, on CAREERBOT_OPS_ADDR when it is set, otherwise on
CAREERBOT_HTTP_ADDR, and exit 0 when it answers 200. Container health checks
use it: the image has no shell and no curl.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.config()
			if err != nil {
				return err
			}
			path := "/healthz"
			if ready {
				path = "/readyz"
			}
			addr, setting := cfg.HTTPAddr, "CAREERBOT_HTTP_ADDR"
			if cfg.OpsAddr != "" {
				addr, setting = cfg.OpsAddr, "CAREERBOT_OPS_ADDR"
			}
			url := "http://" + localAddr(addr) + path
			client := &http.Client{Timeout: 5 * time.Second}
			req, err := http.NewRequestWithContext(cmd.Context(), http.MethodGet, url, nil)
			if err != nil {
				return &exitError{code: 2, msg: fmt.Sprintf("careerbot probe: %s %q gives no usable URL: %v", setting, addr, err)}
			}
			resp, err := client.Do(req)
			if err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("careerbot probe: %s: %v (is careerbot serve running with this %s?)", url, err, setting)}
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			if resp.StatusCode != http.StatusOK {
				return &exitError{code: 1, msg: fmt.Sprintf("careerbot probe: %s: %d %s", url, resp.StatusCode, strings.TrimSpace(string(body)))}
			}
			fmt.Fprintf(e.stdout, "%s: %s\n", path, strings.TrimSpace(string(body)))
			return nil
		},
	}
	cmd.Flags().BoolVar(&ready, "ready", false, "check /readyz (database, migrations, vectors) instead of /healthz")
	return cmd
}

// localAddr turns a listen address (":8080", "0.0.0.0:8080") into one to
// connect to on this machine.
func localAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	switch host {
	case "", "0.0.0.0", "::", "[::]":
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
