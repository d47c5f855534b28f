package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func bearer(r *http.Request, form url.Values) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimPrefix(h, "Bearer ")
	}
	return form.Get("token")
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	if s.fault(w, method) {
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: method, Path: r.URL.Path, At: time.Now()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	token := bearer(r, c.Form)
	if method == "apps.connections.open" {
		s.mu.Lock()
		refused := s.connectErr
		s.mu.Unlock()
		if !strings.HasPrefix(token, "xapp-") {
			refused = "invalid_auth"
		}
		if refused != "" {
			writeJSON(w, map[string]any{"ok": false, "error": refused})
			return
		}
		s.record(c)
		writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.URL, "http") + "/socket"})
		return
	}
	if !strings.HasPrefix(token, "xoxb-") {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	s.mu.Lock()
	ts := s.nextTS()
	if method == "chat.postMessage" || method == "chat.startStream" {
		c.TS = ts
	}
	delay := s.slow[method]
	s.mu.Unlock()
	s.record(c)
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		}
	}
	channel := c.Param("channel")
	switch method {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "url": "https://careerbot-test.slack.com/", "team": "Test",
			"user": "careerbot", "team_id": TeamID, "user_id": BotUserID, "bot_id": BotID})
	case "chat.postMessage":
		writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": ts,
			"message": map[string]any{"type": "message", "text": c.Param("text"), "user": BotUserID, "bot_id": BotID, "ts": ts}})
	case "chat.postEphemeral":
		writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
	case "chat.update":
		writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": c.Param("ts"), "text": c.Param("text")})
	case "chat.startStream", "chat.appendStream", "chat.stopStream":
		writeJSON(w, s.stream(method, c, ts))
	case "assistant.threads.setStatus", "assistant.threads.setSuggestedPrompts", "assistant.threads.setTitle":
		writeJSON(w, assistantCall(method, c))
	case "reactions.add", "reactions.remove":
		writeJSON(w, map[string]any{"ok": true})
	case "views.open", "views.publish", "views.update", "views.push":
		id := c.Param("view_id")
		if id == "" {
			id = "V" + strings.ReplaceAll(ts, ".", "")
		}
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": id}})
	case "usergroups.users.list":
		s.mu.Lock()
		users, ok := s.groups[c.Param("usergroup")]
		s.mu.Unlock()
		if !ok {
			writeJSON(w, map[string]any{"ok": false, "error": "no_such_subteam"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "users": append([]string{}, users...)})
	case "users.info":
		user := c.Param("user")
		s.mu.Lock()
		locale := s.locales[user]
		s.mu.Unlock()
		if locale == "" {
			locale = "en-US"
		}
		writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": user, "team_id": TeamID, "name": strings.ToLower(user), "locale": locale}})
	case "conversations.open":
		writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + strings.TrimPrefix(c.Param("users"), "U")}})
	case "files.getUploadURLExternal":
		id := "F" + strings.ReplaceAll(ts, ".", "")
		s.mu.Lock()
		s.uploads[id] = &Upload{ID: id, Name: c.Param("filename")}
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "upload_url": s.URL + "/upload/" + id, "file_id": id})
	case "files.completeUploadExternal":
		var files []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		}
		_ = json.Unmarshal([]byte(c.Param("files")), &files)
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, f := range files {
			u := s.uploads[f.ID]
			if u == nil || u.Data == nil {
				writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
				return
			}
			u.Title, u.Channel, u.Comment, u.Completed = f.Title, c.Param("channel_id"), c.Param("initial_comment"), true
		}
		writeJSON(w, map[string]any{"ok": true, "files": files})
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

// Upload is a file the app uploaded with files.getUploadURLExternal, a post
// to the upload URL and files.completeUploadExternal.
type Upload struct {
	ID, Name, Title string
	Data            []byte
	// Channel and Comment are those of files.completeUploadExternal;
	// Completed says whether it was called.
	Channel, Comment string
	Completed        bool
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xoxb-") {
		http.Error(w, "invalid_auth", http.StatusForbidden)
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file in the upload: "+err.Error(), http.StatusBadRequest)
		return
	}
	data, _ := io.ReadAll(f)
	s.mu.Lock()
	u := s.uploads[id]
	if u != nil {
		u.Data = data
	}
	s.mu.Unlock()
	if u == nil {
		http.Error(w, "unknown upload", http.StatusNotFound)
		return
	}
	s.record(Call{Method: "upload", Path: r.URL.Path, At: time.Now()})
	fmt.Fprintf(w, "OK - %d", len(data))
}

// Uploads returns the files uploaded so far.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Upload
	for _, u := range s.uploads {
		if u.Data != nil {
			out = append(out, *u)
		}
	}
	return out
}

// SetGroup makes a user group with the given members, served by
// usergroups.users.list.
func (s *Server) SetGroup(id string, members ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups[id] = members
}

// Slow holds back every later call of a Web API method by d (0: no more),
// as a slow Slack would. The call is recorded before the wait.
func (s *Server) Slow(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow[method] = d
}

// RefuseConnections makes apps.connections.open answer the Slack error
// code (such as "invalid_auth") until it is called with "".
func (s *Server) RefuseConnections(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.connectErr = code
}

// SetLocale sets the locale users.info gives a user (default en-US).
func (s *Server) SetLocale(user, locale string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.locales[user] = locale
}

func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "response") {
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: "response", Path: r.URL.Path, At: time.Now()}
	if err := json.Unmarshal(body, &c.JSON); err != nil {
		http.Error(w, "invalid JSON", http.StatusBadRequest)
		return
	}
	s.record(c)
	writeJSON(w, map[string]any{"ok": true})
}

// ResponseURL returns a fresh response_url served by the stand-in.
func (s *Server) ResponseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s/response/%d", s.URL, s.seq)
}
