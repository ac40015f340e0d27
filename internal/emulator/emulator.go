// Package emulator implements the Sophos Central PSA Integration API (internal/api) as a local
// service with a real embedded database: the OAuth2 token endpoint, whoami, partner tenants
// and the PSA endpoints, with auth and partner scoping, the domain rules, ETags, idempotent
// writes, fault injection and out-of-band administration. The demo, the acceptance tests and
// users trying changes all run against it. See README.md in this directory.
//
// This package starts and stops the emulator, wires its rooms onto one listener (routes.go)
// and keeps the public Go API tests use (public.go); each served API is a room of its own
// sub-package (sophoscentral, psaintegration, admin) over the shared HTTP kit (web) and the
// store (store).
package emulator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/admin"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/seed"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/sophoscentral"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// DefaultAddr is the listen address when Options.Addr is empty: loopback, any free port.
const DefaultAddr = "127.0.0.1:0"

const shutdownTimeout = 5 * time.Second

// Default HTTP server timeouts (Options.ReadHeaderTimeout and so on). They are generous:
// they only cut off clients that stall, never a working one on a loaded machine.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = time.Minute
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
)

// Options configure an emulator.
type Options struct {
	// Addr is the listen address, default "127.0.0.1:0". Non-loopback addresses are refused
	// unless AllowNonLoopback is set: the emulator has no real security.
	Addr             string
	AllowNonLoopback bool
	// TLSAddr, when set, is the address of a second listener serving the same rooms over
	// HTTPS ("127.0.0.1:0" for any free port), with a certificate the emulator generates
	// (tls.go); the same loopback rule applies. CACertFile, when set, is where the
	// certificate of the authority that signed it is written (PEM).
	TLSAddr    string
	CACertFile string
	// DBPath is the database file; "" keeps the database in memory. A file is opened in WAL
	// mode and its state survives restarts.
	DBPath string
	// Seed is loaded into an empty database; nil means DefaultSeed(). It is ignored when the
	// database already holds data.
	Seed *Seed
	// Faults are the initial faults.
	Faults Faults
	// Now is the clock; default time.Now.
	Now func() time.Time
	// RandSeed seeds the pseudo-random source of the fault rates, so runs are repeatable.
	RandSeed int64
	// Logger receives request and error logs; nil discards them.
	Logger *slog.Logger

	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout are the HTTP server's
	// timeouts (see net/http.Server): reading a request's headers; reading the whole request,
	// body included; from the end of the headers to the end of the response (so it includes
	// reading the body and any Latency fault); and an idle keep-alive connection. 0 means the
	// default (10s, 1m, 2m and 2m), a negative value no timeout.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration

	// AutotaskLimits are the Autotask room's limits; nil means Autotask's own: 10,000
	// requests per hour per database, with autotask.DefaultUsageLatency from half of it.
	AutotaskLimits *AutotaskLimits

	// TokenFailureLimit is how many failed token requests (unknown client id or wrong
	// secret) one client id may make within a minute; more are answered 429 with Retry-After
	// until the oldest failure is a minute old. 0 means DefaultTokenFailureLimit (10), a
	// negative value no limit.
	TokenFailureLimit int

	// sleep waits for the latency fault (false: the request's context ended first); nil
	// means a timer. Tests replace it to observe the latency without waiting for it.
	sleep func(ctx context.Context, d time.Duration) bool
}

// serverTimeout is an Options timeout as http.Server takes it: the default for 0, none
// (0) for a negative value.
func serverTimeout(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	default:
		return d
	}
}

// Credentials are an API client credential of the emulator.
type Credentials struct {
	ClientID     string
	ClientSecret string
	PartnerID    string
}

// Emulator is a running emulator. Create it with Start and stop it with Close.
type Emulator struct {
	log   *slog.Logger
	now   func() time.Time
	store *store.Store
	url   string
	srv   *http.Server
	creds Credentials

	// The HTTPS listener (Options.TLSAddr): its URL, server and certificates.
	tlsURL    string
	tlsSrv    *http.Server
	certs     *certificates
	tlsServed chan struct{}

	// cwMember is the ConnectWise API member clients log in with (ConnectWiseMember).
	cwMember SeedPSACredentials
	// atUser is the Autotask API user clients log in with (AutotaskUser).
	atUser SeedPSACredentials

	handler  http.Handler
	faults   *web.FaultControl
	counters *web.Counters
	// central is the Sophos Central room (its token-failure throttle is looked at by tests).
	central *sophoscentral.Room
	// autotask is the Autotask room (its limits are set through the emulator).
	autotask     *autotask.Room
	autotaskOpts autotask.Options
	sleep        func(ctx context.Context, d time.Duration) bool

	// fresh holds connections that are open but have not sent a request yet; Close drops
	// them at once instead of letting Shutdown wait for them.
	connMu sync.Mutex
	fresh  map[net.Conn]struct{}

	closeOnce sync.Once
	closeErr  error
	served    chan struct{}
}

// trackConn records which connections have never carried a request.
func (e *Emulator) trackConn(c net.Conn, state http.ConnState) {
	e.connMu.Lock()
	defer e.connMu.Unlock()
	if e.fresh == nil {
		e.fresh = map[net.Conn]struct{}{}
	}
	if state == http.StateNew {
		e.fresh[c] = struct{}{}
	} else {
		delete(e.fresh, c)
	}
}

// freshConns is the number of open connections that have not sent a request yet.
func (e *Emulator) freshConns() int {
	e.connMu.Lock()
	defer e.connMu.Unlock()
	return len(e.fresh)
}

// dropFreshConns closes connections that never carried a request: nothing is in flight on
// them, and http.Server.Shutdown would otherwise wait up to five seconds for each.
func (e *Emulator) dropFreshConns() {
	e.connMu.Lock()
	defer e.connMu.Unlock()
	for c := range e.fresh {
		_ = c.Close()
		delete(e.fresh, c)
	}
}

// Start opens (and migrates) the database, seeds it when empty, listens and serves in a
// goroutine until Close.
func Start(ctx context.Context, opts Options) (*Emulator, error) {
	addr := opts.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	if err := checkLoopback(addr, opts.AllowNonLoopback); err != nil {
		return nil, err
	}
	s := opts.Seed
	if s == nil {
		s = seed.Default()
	} else if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	e := &Emulator{
		log:      opts.Logger,
		now:      opts.Now,
		counters: web.NewCounters(),
		served:   make(chan struct{}),
		sleep:    opts.sleep,
	}
	e.autotaskOpts = autotask.Options{UsageLatency: autotask.DefaultUsageLatency}
	if opts.AutotaskLimits != nil {
		e.autotaskOpts = *opts.AutotaskLimits
	}
	if e.log == nil {
		e.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if e.now == nil {
		e.now = time.Now
	}
	e.faults = web.NewFaultControl(opts.Faults, opts.RandSeed, e.now, opts.sleep, e.log)
	st, err := store.Open(ctx, opts.DBPath)
	if err != nil {
		return nil, err
	}
	e.store = st
	seeded, err := seed.LoadIfEmpty(ctx, st, s, e.now())
	if err == nil {
		err = seed.AddMissingPicklists(ctx, st.Q())
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("seeding the database: %w", err), st.Close())
	}
	primary, err := st.Q().PrimaryCredential(ctx)
	if err != nil {
		return nil, errors.Join(err, st.Close())
	}
	e.creds = Credentials{ClientID: primary.ClientID, ClientSecret: primary.ClientSecret, PartnerID: primary.PartnerID}
	e.cwMember = connectWiseMember(s, primary.PartnerID)
	e.atUser = firstAPIUser(s, primary.PartnerID, api.PsaAutotask)
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("listening on %s: %w", addr, err), st.Close())
	}
	var tlsLn net.Listener
	if opts.TLSAddr != "" {
		if tlsLn, err = e.listenTLS(ctx, opts); err != nil {
			return nil, errors.Join(err, ln.Close(), st.Close())
		}
	}
	e.url = "http://" + reachableAddr(ln.Addr())
	e.handler = e.buildHandler(opts.TokenFailureLimit)
	e.srv = e.newServer(opts)
	go func() {
		defer close(e.served)
		if err := e.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.log.Error("serving failed", "error", err)
		}
	}()
	if tlsLn != nil {
		e.tlsSrv = e.newServer(opts)
		e.tlsSrv.TLSConfig = e.certs.tlsConfig()
		e.tlsServed = make(chan struct{})
		go func() {
			defer close(e.tlsServed)
			if err := e.tlsSrv.ServeTLS(tlsLn, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
				e.log.Error("serving HTTPS failed", "error", err)
			}
		}()
	}
	e.log.Info("emulator started", "url", e.url, "tlsUrl", e.tlsURL, "db", dbName(opts.DBPath), "seeded", seeded)
	return e, nil
}

// newServer is an HTTP server of the emulator's handler with the timeouts of opts.
func (e *Emulator) newServer(opts Options) *http.Server {
	return &http.Server{
		Handler:           e.handler,
		ReadHeaderTimeout: serverTimeout(opts.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		ReadTimeout:       serverTimeout(opts.ReadTimeout, DefaultReadTimeout),
		WriteTimeout:      serverTimeout(opts.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       serverTimeout(opts.IdleTimeout, DefaultIdleTimeout),
		ErrorLog:          slog.NewLogLogger(e.log.Handler(), slog.LevelDebug),
		ConnState:         e.trackConn,
	}
}

// listenTLS generates the certificates, writes the authority's certificate where
// opts.CACertFile says and listens on opts.TLSAddr (tls.go).
func (e *Emulator) listenTLS(ctx context.Context, opts Options) (net.Listener, error) {
	if err := checkLoopback(opts.TLSAddr, opts.AllowNonLoopback); err != nil {
		return nil, err
	}
	certs, err := newCertificates(e.now())
	if err != nil {
		return nil, fmt.Errorf("generating the HTTPS certificates: %w", err)
	}
	if opts.CACertFile != "" {
		if err := certs.writeCA(opts.CACertFile); err != nil {
			return nil, err
		}
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", opts.TLSAddr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", opts.TLSAddr, err)
	}
	e.certs = certs
	e.tlsURL = "https://" + reachableAddr(ln.Addr())
	return ln, nil
}

func dbName(path string) string {
	if path == "" {
		return "in-memory"
	}
	return path
}

// checkLoopback refuses listen addresses other people could reach.
func checkLoopback(addr string, allowAny bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", addr, err)
	}
	if allowAny || api.IsLoopbackHost(host) {
		return nil
	}
	return fmt.Errorf("listen address %q is not a loopback address; the emulator has no real security, so it listens on 127.0.0.1, ::1 or localhost unless non-loopback addresses are explicitly allowed", addr)
}

// reachableAddr turns a listener address into one a local client can dial.
func reachableAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
	}
	return net.JoinHostPort(tcp.IP.String(), fmt.Sprint(tcp.Port))
}

// URL is the base URL of both the auth host (token endpoint) and the API host, e.g.
// "http://127.0.0.1:8787".
func (e *Emulator) URL() string { return e.url }

// Handler is the emulator's HTTP handler, for serving it in-process.
func (e *Emulator) Handler() http.Handler { return e.handler }

// Credentials returns the primary partner's API credential.
func (e *Emulator) Credentials() Credentials { return e.creds }

// Close shuts the server down gracefully and closes the database. It is safe to call twice.
func (e *Emulator) Close() error {
	e.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		servers := []*http.Server{e.srv}
		if e.tlsSrv != nil {
			servers = append(servers, e.tlsSrv)
		}
		for _, srv := range servers {
			srv.SetKeepAlivesEnabled(false)
		}
		e.dropFreshConns()
		var err error
		for _, srv := range servers {
			if serr := srv.Shutdown(ctx); serr != nil {
				err = errors.Join(err, serr, srv.Close())
			}
		}
		<-e.served
		if e.tlsServed != nil {
			<-e.tlsServed
		}
		e.closeErr = errors.Join(err, e.store.Close())
	})
	return e.closeErr
}

// Admin returns the out-of-band operations on the primary partner's data.
func (e *Emulator) Admin() *Admin {
	return admin.New(e.store, e.now, e.creds.PartnerID)
}
