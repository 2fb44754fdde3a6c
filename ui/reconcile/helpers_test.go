package reconcile

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"text/template"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/styles"
)

func TestMain(m *testing.M) {
	// Goldens print times; keep them the same on every machine.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// clock is the pinned time of the tests: the orders are created the day
// before the statement's lines are booked.
var clock = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)

// env is a real store in a temporary folder with orders whose references
// the fixtures are filled with.
type env struct {
	t    *testing.T
	st   *store.Store
	cfg  *config.Config
	dir  string
	refs map[string]payment.Reference // fixture name → reference
	lang locale.Locale                // the screens' language (English when zero)
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "db", "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return clock }
	// The statements and orders here are in EUR: so is the till.
	demo := config.Demo()
	demo.Merchant.Currency = "EUR"
	cfg, err := config.Resolve(demo)
	if err != nil {
		t.Fatal(err)
	}
	files := filepath.Join(dir, "statements")
	if err := os.Mkdir(files, 0o700); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, st: st, cfg: cfg, dir: files, refs: map[string]payment.Reference{}}
}

// order creates an open order of minor euro cents under a fixture name.
func (e *env) order(name string, minor int64) payment.Reference {
	e.t.Helper()
	o, err := e.st.CreateOrder(context.Background(), store.NewOrder{
		Amount: payment.Amount{Minor: minor, Currency: payment.MustCurrency("EUR")}, Expiry: 15 * time.Minute, Actor: "tester",
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.refs[name] = o.Ref
	return o.Ref
}

// statementOrders creates the orders statement.csv.tmpl speaks of: one for
// each outcome, a cancelled one for the late payment, one that only the
// suggestion fits, and a claimed one the statement does not confirm.
func (e *env) statementOrders() {
	e.t.Helper()
	ctx := context.Background()
	e.order("Paid", 1250)
	e.order("Partial", 2000)
	e.order("Overpaid", 500)
	late := e.order("Late", 900)
	if _, err := e.st.Cancel(ctx, late, "tester", "customer left"); err != nil {
		e.t.Fatal(err)
	}
	e.order("Suggested", 777)
	claimed := e.order("Claimed", 400)
	if _, err := e.st.Claim(ctx, claimed, "tester", ""); err != nil {
		e.t.Fatal(err)
	}
}

// write fills testdata/name.tmpl with the references and writes it into
// the statements folder.
func (e *env) write(name string, extra map[string]string) string {
	e.t.Helper()
	tmpl, err := template.ParseFiles(filepath.Join("testdata", name+".tmpl"))
	if err != nil {
		e.t.Fatal(err)
	}
	data := map[string]string{}
	for k, v := range e.refs {
		data[k] = string(v)
	}
	for k, v := range extra {
		data[k] = v
	}
	var b strings.Builder
	if err := tmpl.Option("missingkey=error").Execute(&b, data); err != nil {
		e.t.Fatal(err)
	}
	path := filepath.Join(e.dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return path
}

func (e *env) common(w, h int) common.Common {
	c := e.benchCommon(w, h)
	c.Backend = &common.Backend{Store: e.st, Config: e.cfg, Actor: "tester", Lang: e.lang}
	return c
}

// benchCommon is a Common without a store, for drawing only.
func (e *env) benchCommon(w, h int) common.Common {
	k := keymap.Default()
	return common.Common{
		Width: w, Height: h, ChromeHeight: 2,
		Styles: styles.New(true, false), Keys: &k, Now: func() time.Time { return clock },
		Backend: &common.Backend{},
	}
}

// driver runs the screen the way Bubble Tea would, but on the test's
// goroutine: every command is executed and its message fed back until
// nothing is left. Messages for the root (navigation) are collected.
type driver struct {
	t    *testing.T
	m    Model
	root []tea.Msg
}

func (e *env) open(w, h int) *driver {
	d := &driver{t: e.t, m: New(e.common(w, h), e.dir)}
	d.run(d.m.Init())
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	d.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			d.t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			queue = append(queue, msg...)
			continue
		case common.GoChargeMsg, common.GoOrdersMsg, common.GoPayMsg:
			d.root = append(d.root, msg)
			continue
		}
		if strings.HasSuffix(reflect.TypeOf(msg).PkgPath(), "/cursor") {
			continue // the blinking cursor would tick forever
		}
		var next tea.Cmd
		d.m, next = d.m.Update(msg)
		queue = append(queue, next)
	}
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(msg)
	d.run(cmd)
}

// keys types s: each rune is a key, except the names in braces ({enter},
// {esc}, {space}, {down}, {up}, {backspace}).
func (d *driver) keys(s string) {
	d.t.Helper()
	named := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "space": {Code: tea.KeySpace, Text: " "},
		"down": {Code: tea.KeyDown}, "up": {Code: tea.KeyUp}, "backspace": {Code: tea.KeyBackspace},
	}
	for s != "" {
		if strings.HasPrefix(s, "{") {
			end := strings.IndexByte(s, '}')
			k, ok := named[s[1:end]]
			if !ok {
				d.t.Fatalf("unknown key %s", s[:end+1])
			}
			d.send(k)
			s = s[end+1:]
			continue
		}
		r := []rune(s)[0]
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		s = s[len(string(r)):]
	}
}

// selectFile moves the picker's cursor to the file called name.
func (d *driver) selectFile(name string) {
	d.t.Helper()
	d.keys("g") // the picker's first entry
	for i := 0; i < 50; i++ {
		if filepath.Base(d.m.picker.HighlightedPath()) == name {
			return
		}
		d.keys("{down}")
	}
	d.t.Fatalf("%s is not in the picker (at %q)", name, d.m.picker.HighlightedPath())
}

// importFile picks name and presses enter, running the import to its end.
func (d *driver) importFile(name string) {
	d.t.Helper()
	if d.m.state != statePick {
		d.keys("i")
	}
	d.selectFile(name)
	d.keys("{enter}")
}

// selectKind moves the queue's cursor to the first exception of kind.
func (d *driver) selectKind(kind string) store.ExceptionItem {
	d.t.Helper()
	for i := range d.m.items {
		if d.m.items[i].Kind == kind {
			for d.m.cursor < i {
				d.keys("{down}")
			}
			for d.m.cursor > i {
				d.keys("{up}")
			}
			x, _ := d.m.selected()
			return x
		}
	}
	d.t.Fatalf("no %s exception in the queue: %+v", kind, d.m.items)
	return store.ExceptionItem{}
}
