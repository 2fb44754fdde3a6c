package scheme

import "testing"

// BenchmarkBuild measures building the payment codes of one charge, per
// scheme type (one scheme configured).
func BenchmarkBuild(b *testing.B) {
	for _, c := range sampleConfigs {
		m := merchants[c.country]
		s := mustSet(b, m, c.values)
		ch := charge(b, m, 123400)
		b.Run(c.values["type"].(string), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Codes(ch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
