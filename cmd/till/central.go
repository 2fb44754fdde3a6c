package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/cmd/till/internal/centralhttp"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
)

// centralCommand groups the commands of the fleet's central book.
func (a *app) centralCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "central",
		Short: "The fleet's central book in PostgreSQL",
		Long: "Commands for the central book that a fleet of tills shares: one PostgreSQL\n" +
			"database, given with --pg URL or $TILL_PG (postgres://user@host:port/db).",
		Args: exactArgs(0, "a subcommand: migrate, serve, enroll, tills, revoke, orders, check, report or reconcile"),
	}
	cmd.AddCommand(a.centralMigrateCommand(), a.centralEnrollCommand(), a.centralTillsCommand(), a.centralRevokeCommand(),
		a.centralServeCommand(), a.centralOrdersCommand(), a.centralCheckCommand(),
		a.centralReportCommand(), a.centralReconcileCommand())
	return cmd
}

// centralFlags are the flags every central command takes.
type centralFlags struct{ pg, merchant string }

func (f *centralFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.pg, "pg", "", "the central PostgreSQL database (env TILL_PG)")
	cmd.Flags().StringVar(&f.merchant, "merchant", "main", "the merchant whose fleet it is (one database can hold several)")
}

// book opens the central book named by the flags; the caller closes it.
func (a *app) book(ctx context.Context, f centralFlags) (*central.Book, error) {
	url, err := a.pgURL(f.pg)
	if err != nil {
		return nil, err
	}
	return central.Open(ctx, url)
}

func (a *app) centralEnrollCommand() *cobra.Command {
	var f centralFlags
	var name string
	cmd := &cobra.Command{
		Use:   "enroll --name NAME",
		Short: "Enroll a till in the fleet and print its one-time join code",
		Long: "Register a till by name and print the join code to type on it with\n" +
			"`till join URL CODE`. The code works once, for 24 hours; the server keeps only\n" +
			"its hash. The till's references start with a prefix of its own.",
		Args: exactArgs(0, "no arguments (the name goes in --name)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" {
				return usagef("--name: give the till a name, for example --name \"counter 1\"")
			}
			b, err := a.book(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer b.Close()
			code, t, err := b.Enroll(cmd.Context(), f.merchant, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "till %q enrolled (references start with %s)\njoin code, valid once for 24 hours:\n\n  %s\n",
				t.Name, t.Prefix, code)
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&name, "name", "", "the till's name, unique in the fleet")
	return cmd
}

func (a *app) centralTillsCommand() *cobra.Command {
	var f centralFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "tills",
		Short: "List the fleet's tills and when each was last heard from",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.book(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer b.Close()
			list, err := b.Tills(cmd.Context(), f.merchant)
			if err != nil {
				return err
			}
			if asJSON {
				if list == nil {
					list = []central.Till{}
				}
				return writeJSON(a.stdout, list)
			}
			if len(list) == 0 {
				fmt.Fprintln(a.stdout, "no tills enrolled yet: till central enroll --name NAME")
				return nil
			}
			for _, t := range list {
				state := "waiting to join"
				switch {
				case t.RevokedAt != nil:
					state = "revoked " + t.RevokedAt.Local().Format("2006-01-02 15:04")
				case t.LastContact != nil:
					state = "last contact " + t.LastContact.Local().Format("2006-01-02 15:04:05")
				}
				if t.LastSync != nil {
					state += fmt.Sprintf(", %d changes synced", t.Acked)
				}
				if t.LagMS != nil {
					state += fmt.Sprintf(", lag %v", (time.Duration(*t.LagMS) * time.Millisecond).Round(time.Millisecond))
				}
				if t.Diverged != nil {
					state += ", DIVERGED (a restored or copied database was refused)"
				}
				fmt.Fprintf(a.stdout, "%-24s %s  %s\n", safetext.Escape(t.Name), t.Prefix, state)
			}
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: name, prefix, enrolled_at, joined_at, revoked_at, last_contact, acked, last_sync, lag_ms, diverged_at")
	return cmd
}

func (a *app) centralRevokeCommand() *cobra.Command {
	var f centralFlags
	cmd := &cobra.Command{
		Use:   "revoke NAME",
		Short: "End a till's access to the fleet (its orders stay in the book)",
		Args:  exactArgs(1, "the till's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := a.book(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer b.Close()
			if err := b.Revoke(cmd.Context(), f.merchant, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "till %q revoked: its token no longer works\n", args[0])
			return nil
		},
	}
	f.add(cmd)
	return cmd
}

// pgURL is --pg, else $TILL_PG.
func (a *app) pgURL(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if v := a.getenv("TILL_PG"); v != "" {
		return v, nil
	}
	return "", usagef("--pg: give the central database, for example --pg postgres://till@localhost/till (or set TILL_PG)")
}

func (a *app) centralMigrateCommand() *cobra.Command {
	var pg string
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Create or upgrade the central database's schema",
		Long: "Apply the central schema's versioned steps that the database lacks, under an\n" +
			"advisory lock (several servers may start at once). A database of a newer till\n" +
			"is refused and left as it is.",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			url, err := a.pgURL(pg)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), 2*time.Minute)
			defer cancel()
			b, err := central.Open(ctx, url)
			if err != nil {
				return err
			}
			defer b.Close()
			from, to, err := b.Migrate(ctx)
			if err != nil {
				return err
			}
			if from == to {
				fmt.Fprintf(a.stdout, "central database at schema %d: nothing to do\n", to)
			} else {
				fmt.Fprintf(a.stdout, "central database migrated from schema %d to %d\n", from, to)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&pg, "pg", "", "the central PostgreSQL database (env TILL_PG)")
	return cmd
}

// DefaultCentralAddr is where the central server listens unless told.
const DefaultCentralAddr = "127.0.0.1:8788"

func (a *app) centralServeCommand() *cobra.Command {
	var f centralFlags
	var addr, certFile, keyFile string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run a central server that the fleet's tills talk to",
		Long: "Serve the fleet's tills over HTTP (POST /v1/join, POST /v1/push, GET /v1/whoami, GET /healthz)\n" +
			"from the central PostgreSQL book, migrating its schema first. It keeps no state of\n" +
			"its own: several servers may run against one database. Listens on " + DefaultCentralAddr + "\n" +
			"unless --addr says otherwise; --tls-cert and --tls-key serve HTTPS. It takes payment\n" +
			"notifications too (POST /notify, POST /pix, signed with [serve] secrets), each brought\n" +
			"to its till over the till's long-poll (GET /v1/down).",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (certFile == "") != (keyFile == "") {
				return usagef("--tls-cert and --tls-key go together: give both, or neither")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			b, err := a.book(ctx, f)
			if err != nil {
				return err
			}
			defer b.Close()
			if _, _, err := b.Migrate(ctx); err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(a.stderr, nil))
			h, err := a.centralHandler(ctx, b, f.merchant, log) // the fleet protocol, notifications and long-polls
			if err != nil {
				return err
			}
			return serve(ctx, addr, h, serveOptions{CertFile: certFile, KeyFile: keyFile, Log: log}, func(url string) {
				fmt.Fprintf(a.stdout, "till central serve: listening on %s\n", url)
			})
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&addr, "addr", DefaultCentralAddr, "address to listen on")
	cmd.Flags().StringVar(&certFile, "tls-cert", "", "serve HTTPS with this certificate (PEM; with --tls-key)")
	cmd.Flags().StringVar(&keyFile, "tls-key", "", "the private key of --tls-cert (PEM)")
	return cmd
}

// joinCommand joins this till to a fleet.
func (a *app) joinCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "join URL CODE",
		Short: "Join this till to a fleet with the code from till central enroll",
		Long: "Give the central server's address and the one-time join code printed by\n" +
			"`till central enroll`. The till keeps its token in its database (yours only);\n" +
			"from then on its references start with the prefix the fleet gave it.",
		Args: exactArgs(2, "the central server's URL and the join code"),
		RunE: func(cmd *cobra.Command, args []string) error {
			base := strings.TrimRight(args[0], "/")
			if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return usagef("URL %q: give the central server's address, like http://central.example:8788", args[0])
			}
			return a.withStore(cmd.Context(), func(_ *config.Config, st *store.Store) error {
				if f, ok, err := st.Fleet(cmd.Context()); err != nil {
					return err
				} else if ok {
					return fmt.Errorf("this till already joined the fleet at %s as %q", f.URL, f.Name)
				}
				reply, err := postJoin(cmd.Context(), base, args[1])
				if err != nil {
					return err
				}
				f := store.Fleet{URL: base, Merchant: reply.Merchant, Name: reply.Name, Prefix: reply.Prefix, Token: reply.Token}
				if err := st.JoinFleet(cmd.Context(), f); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "joined the fleet at %s as %q; references now start with %s\n",
					base, safetext.Escape(reply.Name), reply.Prefix)
				return nil
			})
		},
	}
}

// postJoin asks the central server for the till's token.
func postJoin(ctx context.Context, base, code string) (centralhttp.JoinReply, error) {
	var reply centralhttp.JoinReply
	body, _ := json.Marshal(centralhttp.JoinRequest{Code: code})
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/join", bytes.NewReader(body))
	if err != nil {
		return reply, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply, fmt.Errorf("reach the central server at %s: %w", base, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		var p struct {
			Error string `json:"error"`
		}
		json.Unmarshal(data, &p)
		if p.Error == "" {
			p.Error = resp.Status
		}
		return reply, fmt.Errorf("the central server refused to join: %s", safetext.Escape(p.Error))
	}
	if err := json.Unmarshal(data, &reply); err != nil || reply.Token == "" {
		return reply, fmt.Errorf("the central server at %s did not answer as a till central server", base)
	}
	return reply, nil
}
