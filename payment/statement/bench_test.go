package statement

import (
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
)

// genReader produces a statement on the fly: head, n generated entries,
// tail. It lets the benchmarks and the memory test read files of any size
// without storing them.
type genReader struct {
	head, tail string
	n, i       int
	entry      func(buf []byte, i int) []byte
	buf        []byte
	pos        int
	stage      int
}

func (g *genReader) Read(p []byte) (int, error) {
	for g.pos == len(g.buf) {
		g.pos = 0
		switch {
		case g.stage == 0:
			g.buf, g.stage = append(g.buf[:0], g.head...), 1
		case g.i < g.n:
			g.buf = g.entry(g.buf[:0], g.i)
			g.i++
		case g.stage == 1:
			g.buf, g.stage = append(g.buf[:0], g.tail...), 2
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, g.buf[g.pos:])
	g.pos += n
	return n, nil
}

// A camt.053 entry of about 900 bytes, as banks write them for one
// incoming SEPA transfer; 1,000 entries per booking day.
func camtGen(n int) *genReader {
	return &genReader{n: n,
		head: `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>GEN</MsgId></GrpHdr>
<Stmt><Id>GEN-1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
`,
		tail: "</Stmt></BkToCstmrStmt></Document>\n",
		entry: func(b []byte, i int) []byte {
			date := fmt.Sprintf("2026-%02d-%02d", 1+i/28000%12, 1+i/1000%28)
			b = append(b, "<Ntry><Amt Ccy=\"EUR\">"...)
			b = strconv.AppendInt(b, int64(100+i%5000), 10)
			b = append(b, ".50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>"...)
			b = append(b, date...)
			b = append(b, "</Dt></BookgDt><ValDt><Dt>"...)
			b = append(b, date...)
			b = append(b, "</Dt></ValDt><AcctSvcrRef>GEN"...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, `</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<RltdPties><Dbtr><Pty><Nm>Customer Name `...)
			b = strconv.AppendInt(b, int64(i%977), 10)
			b = append(b, `</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>Order NBT568R5FB table 4</Ustrd></RmtInf></TxDtls></NtryDtls><AddtlNtryInf>GUTSCHRIFT</AddtlNtryInf></Ntry>
`...)
			return b
		}}
}

// An MT940 :61:/:86: pair of a German bank, without a bank reference
// (content keys, the slower path).
func mt940Gen(n int) *genReader {
	return &genReader{n: n,
		head: ":20:GEN\r\n:25:37040044/0532013000\r\n:28C:1/1\r\n:60F:C260101EUR0,00\r\n",
		tail: ":62F:C261231EUR0,00\r\n-\r\n",
		entry: func(b []byte, i int) []byte {
			d := fmt.Sprintf("26%02d%02d", 1+i/28000%12, 1+i/1000%28)
			b = append(b, ":61:"...)
			b = append(b, d...)
			b = append(b, d[2:]...)
			b = append(b, "CR"...)
			b = strconv.AppendInt(b, int64(100+i%5000), 10)
			b = append(b, ",50N166NONREF\r\n:86:166?00GUTSCHR. UEBERWEISUNG?109310?20EREF+NOTPROVIDED?21SVWZ+Bestellung NBT568\r\n?22R5FB Danke "...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, "?30COBADEFFXXX?31DE02120300000000202051?32Erika Mustermann\r\n"...)
			return b
		}}
}

// A generic CSV row without an id column value (content keys).
func csvGen(n int) *genReader {
	return &genReader{n: n,
		head: "date,amount,currency,reference,counterparty,id\n",
		entry: func(b []byte, i int) []byte {
			b = fmt.Appendf(b, "2026-%02d-%02d,", 1+i/28000%12, 1+i/1000%28)
			b = strconv.AppendInt(b, int64(100+i%5000), 10)
			b = append(b, ".50,EUR,Order NBT568R5FB,Customer "...)
			b = strconv.AppendInt(b, int64(i%977), 10)
			b = append(b, ",\n"...)
			return b
		}}
}

func benchRead(b *testing.B, gen func(int) *genReader, format string, opts Options) {
	const n = 100_000
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	for b.Loop() {
		r, err := Open(gen(n), format, opts)
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			got++
		}
		if got != n {
			b.Fatalf("%d lines, want %d", got, n)
		}
	}
	runtime.ReadMemStats(&ms1)
	lines := float64(n) * float64(b.N)
	b.ReportMetric(lines/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/lines, "allocs/line")
}

func BenchmarkCAMT100k(b *testing.B)  { benchRead(b, camtGen, "camt", Options{}) }
func BenchmarkMT940100k(b *testing.B) { benchRead(b, mt940Gen, "mt940", Options{}) }
func BenchmarkCSV100k(b *testing.B)   { benchRead(b, csvGen, "csv", Options{Profile: "generic"}) }

// peakHeap reads everything from r and returns how many lines it read,
// the highest live heap (as measured by the last GC) and the highest heap
// including garbage not yet collected, sampled every 5,000 lines and
// counted above the heap before reading.
func peakHeap(t *testing.T, r io.Reader, format string, opts Options) (n int, live, total uint64) {
	t.Helper()
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	metrics.Read(sample)
	baseLive, baseTotal := sample[0].Value.Uint64(), ms.HeapAlloc
	above := func(v, base uint64) uint64 {
		if v < base {
			return 0
		}
		return v - base
	}
	rd, err := Open(r, format, opts)
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if n++; n%5000 == 0 {
			runtime.ReadMemStats(&ms)
			metrics.Read(sample)
			live = max(live, above(sample[0].Value.Uint64(), baseLive))
			total = max(total, above(ms.HeapAlloc, baseTotal))
		}
	}
	return n, live, total
}

// TestConstantMemory reads a 1,000,000-line CSV (about 60 MB), a
// 200,000-entry camt.053 (about 190 MB) and a 200,000-entry MT940
// generated on the fly: the live heap must stay within a few MB whatever
// the size. (The heap with uncollected garbage is logged; it depends on
// GOGC and on how busy the machine is.)
func TestConstantMemory(t *testing.T) {
	csvLines, camtEntries := 1_000_000, 200_000
	if testing.Short() || raceEnabled {
		csvLines, camtEntries = 100_000, 20_000
	}
	// The live heap is as of the last collection, so it wobbles with GC
	// timing (8.6 MB was seen for camt on a busy machine); 16 MB still
	// fails loudly for a reader that keeps its input: the camt file alone
	// is about 190 MB.
	const liveLimit, totalLimit = 16 << 20, 64 << 20
	for _, tc := range []struct {
		name   string
		r      io.Reader
		format string
		opts   Options
		want   int
	}{
		{"csv", csvGen(csvLines), "csv", Options{Profile: "generic"}, csvLines},
		{"camt", camtGen(camtEntries), "camt", Options{}, camtEntries},
		{"mt940", mt940Gen(camtEntries), "mt940", Options{}, camtEntries},
	} {
		n, live, total := peakHeap(t, tc.r, tc.format, tc.opts)
		t.Logf("%s: %d lines, peak live heap %.1f MB, peak heap with garbage %.1f MB",
			tc.name, n, float64(live)/(1<<20), float64(total)/(1<<20))
		if n != tc.want {
			t.Errorf("%s: %d lines, want %d", tc.name, n, tc.want)
		}
		if live > liveLimit || total > totalLimit {
			t.Errorf("%s: peak live heap %d bytes (limit %d), with garbage %d (limit %d)", tc.name, live, liveLimit, total, totalLimit)
		}
	}
}
