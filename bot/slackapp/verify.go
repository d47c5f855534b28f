package slackapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxSkew is how far a request's timestamp may be from the current time.
const MaxSkew = 5 * time.Minute

// Errors of request verification. Each is answered with 401.
var (
	ErrMissingSignature = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp header")
	ErrStaleRequest     = errors.New("request timestamp is more than 5 minutes from the current time")
	ErrBadSignature     = errors.New("request signature does not match")
)

// Verifier checks Slack's v0 request signatures: HMAC-SHA256 of
// "v0:timestamp:body" with the app's signing secret.
type Verifier struct {
	Secret string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Verify checks the signature of a request with headers h and raw body.
func (v Verifier) Verify(h http.Header, body []byte) error {
	sig, tsText := h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp")
	if sig == "" || tsText == "" {
		return ErrMissingSignature
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return ErrStaleRequest
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	if d := now().Sub(time.Unix(ts, 0)); d > MaxSkew || d < -MaxSkew {
		return ErrStaleRequest
	}
	got, err := hex.DecodeString(strings.TrimPrefix(sig, "v0="))
	if err != nil || !strings.HasPrefix(sig, "v0=") || v.Secret == "" {
		return ErrBadSignature
	}
	mac := hmac.New(sha256.New, []byte(v.Secret))
	mac.Write([]byte("v0:" + tsText + ":"))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), got) {
		return ErrBadSignature
	}
	return nil
}
