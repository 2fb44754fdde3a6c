package screentest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/till-pos/till/payment/emv"
)

// ScanLengths are the payload sizes issue 4 asks to be proven scannable.
var ScanLengths = []int{20, 60, 120, 200, 300}

// EMVPayload returns a valid EMV merchant-presented payload (PIX-like
// fields, correct CRC) of exactly n bytes, n = 20 or n ≥ 25. Shorter
// payloads are upper-case alphanumeric, as a bare EMV code is; from the
// PIX account template on they contain lower case and are encoded in byte
// mode, as real PIX codes are.
func EMVPayload(n int) (string, error) {
	pix, err := emv.Template("26", emv.Object("00", "br.gov.bcb.pix"),
		emv.Object("01", "2f8c7a1e-5b3d-4c9a-8e2f-6a1b0c9d7e4f"))
	if err != nil {
		return "", err
	}
	ref, err := emv.Template("62", emv.Object("05", "X7K2M9PQ4D"))
	if err != nil {
		return "", err
	}
	optional := []emv.DataObject{
		emv.Object("52", "0000"), emv.Object("53", "986"), emv.Object("54", "12.50"),
		ref, pix, emv.Object("59", "PADARIA SAO JOAO"), emv.Object("60", "SAO PAULO"),
		emv.Object("01", "12"),
	}
	objs := []emv.DataObject{emv.Object("00", "01"), emv.Object("58", "BR")}
	size := func(o emv.DataObject) int { return 4 + len(o.Value) }
	left := n - 20 // "000201" + "5802BR" + "6304XXXX"
	if left != 0 && left < 5 {
		return "", fmt.Errorf("EMVPayload: cannot build %d bytes; use 20 or at least 25", n)
	}
	for _, o := range optional {
		// Keep what is left either zero or big enough for a filler field.
		if r := left - size(o); r == 0 || r >= 5 {
			objs = append(objs, o)
			left = r
		}
	}
	filler := "pedido balcao obrigado volte sempre "
	for id := 80; left > 0; id++ {
		v := min(left-4, 99)
		if r := left - (v + 4); r > 0 && r < 5 {
			v -= 5
		}
		objs = append(objs, emv.Object(fmt.Sprint(id), strings.Repeat(filler, 3)[:v]))
		left -= v + 4
	}
	sort.SliceStable(objs[1:], func(i, j int) bool { return objs[1+i].ID < objs[1+j].ID })
	p, err := emv.Payload(objs...)
	if err != nil {
		return "", err
	}
	if len(p) != n {
		return "", fmt.Errorf("EMVPayload(%d) built %d bytes", n, len(p))
	}
	return p, emv.CheckCRC(p)
}
