package slackapp

import (
	"net/http"
	"time"
)

// webAPITimeout bounds one Web API call.
const webAPITimeout = 30 * time.Second

// webAPIClient returns the HTTP client of the Web API. Its transport keeps
// open as many connections to Slack as the answers in flight use at once
// (each a placeholder, then updates), and some more for the acknowledged
// events' placeholders: http.DefaultTransport keeps two per host, so under
// a burst of questions most calls opened a connection, a TLS handshake
// with Slack, and closed it after one call.
func webAPIClient(maxAnswers int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = max(16, 4*maxAnswers)
	t.MaxIdleConns = max(t.MaxIdleConns, 2*t.MaxIdleConnsPerHost)
	return &http.Client{Timeout: webAPITimeout, Transport: t}
}
