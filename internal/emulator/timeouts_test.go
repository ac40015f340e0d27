package emulator

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func TestServerTimeoutsComeFromOptions(t *testing.T) {
	t.Parallel()
	def := StartForTest(t, Options{})
	if s := def.srv; s.ReadHeaderTimeout != DefaultReadHeaderTimeout || s.ReadTimeout != DefaultReadTimeout ||
		s.WriteTimeout != DefaultWriteTimeout || s.IdleTimeout != DefaultIdleTimeout {
		t.Fatalf("default timeouts: header %s, read %s, write %s, idle %s", s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout)
	}
	set := StartForTest(t, Options{ReadHeaderTimeout: time.Second, ReadTimeout: 2 * time.Second, WriteTimeout: 3 * time.Second, IdleTimeout: -1})
	if s := set.srv; s.ReadHeaderTimeout != time.Second || s.ReadTimeout != 2*time.Second || s.WriteTimeout != 3*time.Second || s.IdleTimeout != 0 {
		t.Fatalf("set timeouts: header %s, read %s, write %s, idle %s", s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout)
	}
}

// A body that stops arriving is cut off by ReadTimeout with a 408 in the Error shape, and
// nothing is written.
func TestStalledBodyGets408AfterReadTimeout(t *testing.T) {
	t.Parallel()
	en := newEnv(t, func(o *Options) { o.ReadTimeout = 2 * time.Second })
	before := en.get(cmPath+alpineDental, nil).header.Get("ETag")

	conn, err := net.Dial("tcp", strings.TrimPrefix(en.e.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	if err := conn.SetDeadline(time.Now().Add(20 * time.Second)); err != nil {
		t.Fatal(err)
	}
	body := `{"companyId": 251, "ticketSyncEnabled": true}`
	_, err = fmt.Fprintf(conn, "PUT %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nX-Partner-ID: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		cmPath+alpineDental, strings.TrimPrefix(en.e.URL(), "http://"), en.token, en.partner, len(body), body[:10])
	if err != nil {
		t.Fatal(err)
	}
	hresp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(hresp.Body)
	_ = hresp.Body.Close()
	if hresp.StatusCode != http.StatusRequestTimeout {
		t.Fatalf("stalled body: %d %s", hresp.StatusCode, b)
	}
	if e := apiError(t, resp{status: hresp.StatusCode, header: hresp.Header, body: b}); e.Error != "RequestTimeout" || !strings.Contains(e.Message, "ReadTimeout") {
		t.Fatalf("stalled body: %s", b)
	}
	if after := en.get(cmPath+alpineDental, nil).header.Get("ETag"); after != before {
		t.Fatalf("a cut-off body changed the mapping: ETag %s, then %s", before, after)
	}
}

func TestTokenFailureLimitOption(t *testing.T) {
	t.Parallel()
	bad := url.Values{"grant_type": {"client_credentials"}, "client_id": {"emulator-client"}, "client_secret": {"guess"}, "scope": {"token"}}
	t.Run("custom limit", func(t *testing.T) {
		t.Parallel()
		en := newEnv(t, func(o *Options) { o.TokenFailureLimit = 3 })
		for range 3 {
			if status, body := en.tokenRequest(bad); status != http.StatusUnauthorized {
				t.Fatalf("failure within the limit: %d %s", status, body)
			}
		}
		status, body := en.tokenRequest(bad)
		var ae api.AuthError
		mustUnmarshal(t, body, &ae)
		if status != http.StatusTooManyRequests || ae.ErrorCode != "oauth.too_many_requests" || !strings.Contains(ae.Message, "3 within 1m0s") {
			t.Fatalf("failure past the limit: %d %s", status, body)
		}
	})
	t.Run("no limit", func(t *testing.T) {
		t.Parallel()
		en := newEnv(t, func(o *Options) { o.TokenFailureLimit = -1 })
		for range 3 * DefaultTokenFailureLimit {
			if status, body := en.tokenRequest(bad); status != http.StatusUnauthorized {
				t.Fatalf("failure without a limit: %d %s", status, body)
			}
		}
		if n := en.e.central.FailingClients(); n != 0 {
			t.Fatalf("%d client ids recorded without a limit", n)
		}
	})
}

// Made-up client ids do not pile up: their records go once their failures leave the window.
func TestTokenFailureRecordsAreDropped(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	en := newEnv(t, func(o *Options) { o.Now = clock.Now })
	form := func(id string) url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {"x"}, "scope": {"token"}}
	}
	for i := range 50 {
		en.tokenRequest(form(fmt.Sprintf("made-up-%d", i)))
	}
	if n := en.e.central.FailingClients(); n != 50 {
		t.Fatalf("%d client ids recorded, want 50", n)
	}
	clock.Advance(time.Minute) // the throttle's window
	en.tokenRequest(form("one-more"))
	if n := en.e.central.FailingClients(); n != 1 {
		t.Fatalf("%d client ids recorded after the window, want 1", n)
	}
}
