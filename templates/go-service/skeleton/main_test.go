package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func status(t *testing.T, handler http.Handler, path string) int {
	t.Helper()
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, path, nil))
	return recorder.Code
}

func TestLivenessAndReadinessAreDistinct(t *testing.T) {
	health := &Health{}
	handler := NewHandler(health)

	if got := status(t, handler, "/livez"); got != http.StatusOK {
		t.Fatalf("/livez = %d, want 200", got)
	}
	if got := status(t, handler, "/readyz"); got != http.StatusServiceUnavailable {
		t.Fatalf("/readyz before start = %d, want 503", got)
	}
	health.ready.Store(true)
	if got := status(t, handler, "/readyz"); got != http.StatusOK {
		t.Fatalf("/readyz when ready = %d, want 200", got)
	}
	// Shutting down: not ready any more, still alive.
	health.ready.Store(false)
	if got := status(t, handler, "/readyz"); got != http.StatusServiceUnavailable {
		t.Fatalf("/readyz when shutting down = %d, want 503", got)
	}
	if got := status(t, handler, "/livez"); got != http.StatusOK {
		t.Fatalf("/livez when shutting down = %d, want 200", got)
	}
}

func TestUnknownPathIsNotFound(t *testing.T) {
	if got := status(t, NewHandler(&Health{}), "/nope"); got != http.StatusNotFound {
		t.Fatalf("/nope = %d, want 404", got)
	}
}
