package emv

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// seedPayloads reads the EMV vectors of the decode package's test data.
func seedPayloads(f *testing.F) []string {
	file, err := os.Open("../decode/testdata/emv_vectors.tsv")
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	var out []string
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) == 5 && c[0] != "id" && !strings.HasPrefix(c[0], "#") {
			out = append(out, strings.ReplaceAll(c[3], `\n`, "\n"))
		}
	}
	if len(out) == 0 {
		f.Fatal("no seed payloads")
	}
	return out
}

// FuzzParse: Parse and Inspect never panic; whatever Parse accepts,
// Encode writes back identically; Inspect's verdict agrees with the CRC.
func FuzzParse(f *testing.F) {
	for _, p := range seedPayloads(f) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, s string) {
		objs, err := Parse(s)
		if err == nil && utf8.ValidString(s) {
			back, err := Encode(objs...)
			if err != nil || back != s {
				t.Fatalf("Encode(Parse(%q)) = %q, %v", s, back, err)
			}
		}
		in := Inspect(s)
		if in.Valid() && CheckCRC(s) != nil {
			t.Fatalf("Inspect accepts %q with a bad CRC", s)
		}
		for _, e := range in.Errors {
			if e.Rule == "" {
				t.Fatalf("an error without a rule on %q", e.Tag)
			}
		}
	})
}

// BenchmarkInspect measures the structural check of a large code (the
// 1069-character SGQR sample, qr-vectors.md sgqr-spec-sample-1069).
func BenchmarkInspect(b *testing.B) {
	const sgqr = "00020101021102164761360000000*1704155123456789123451110123456789012153123456789012341531250003440001034450003445311000126330015SG.COM.DASH.WWW0110000005550127670014A00000076200010120COM.LQDPALLIANCE.WWW021512345678901234503020028660011SG.COM.OCBC0147OCBCP2P629A358D-ECE7-4554-AD56-EBD12D84CA7E4F7329500006SG.EZI013603600006-76bb-4a5a-aa1a-fbcb64d6ecf530850013SG.COM.EZLINK01201234567890123456-1230204SGQR0324A123456,B123456,C12345670404A23X31260008COM.GRAB0110A93FO3230Q32390007COM.DBS011012345678900210123456789033900011SG.COM.NETS01230201401832831128823590002150001118703240000308885872010901199084E5DC3D834430017COM.QQ.WEIXIN.PAY011012345678900204123435660010SG.COM.UOB014845D233507F5E8C306E3871A4E9FACA601A80C114B5645E5D36840009SG.PAYNOW010120216+621234567890123030100408209912310525123456789012345678901234537270009SG.AIRPAY0110A11BC0000X51860007SG.SGQR0112180307510317020701.0003030608100604020205031380609Counter010708201804075204581453037025802SG5916FOOD XYZ PTE LTD6009SINGAPORE6106081006626001081234567R0607876543050330015SG.COM.DASH.WWW0110000005550263045E8D"
	if !Inspect(sgqr).Valid() {
		b.Fatal("sample invalid")
	}
	b.ReportAllocs()
	for b.Loop() {
		Inspect(sgqr)
	}
}
