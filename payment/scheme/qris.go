package scheme

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/till-pos/till/payment/emv"
)

// QRIS identifiers (Bank Indonesia, QRIS national standard).
const (
	QRISGUID      = "ID.CO.QRIS.WWW" // tag 51, the national repository
	qrisPANPrefix = "9360"           // domestic merchant PANs
)

var (
	nmidPattern  = regexp.MustCompile(`^ID[0-9]{13}$`)
	qrisCriteria = []string{"UMI", "UKE", "UME", "UBE", "URE"}
)

// QRIS is Indonesia's national QR. A code carries two templates: the
// acquirer's (tag 26 to 45: its GUID, the merchant PAN from 9360, the
// merchant id at the acquirer and the merchant criteria) and the national
// one in 51 (ID.CO.QRIS.WWW, the National Merchant ID and the criteria
// again), as every QRIS code printed by GoPay, DANA, BRI or BSI does. The
// terminal label 62-07 is written (A01 unless configured), and the order
// reference goes in the reference label 62-05.
type QRIS struct {
	named
	Tag        int
	GUID       string
	PAN        string
	MerchantID string
	NMID       string
	Criteria   string
	Terminal   string
}

func init() { register("qris", newQRIS) }

// It is better whole: it reads and checks the scheme's keys one after the
// other (tag, guid, pan, merchant_id, nmid, criteria, terminal), each read
// and its check side by side, as the configuration documents them.
func newQRIS(p *Params) (Scheme, error) {
	x := &QRIS{named: named{p.Name(), "qris"}}
	var err error
	if x.Tag, err = p.Int("tag", 26); err != nil {
		return nil, err
	}
	if x.Tag < 26 || x.Tag > 45 {
		return nil, p.Errorf("tag", "the acquirer's QRIS template is in 26 to 45 (51 is the national one), got %d", x.Tag)
	}
	if x.GUID, err = p.Required("guid", "your acquirer's QRIS GUID, like ID.CO.BRI.WWW"); err != nil {
		return nil, err
	}
	if len(x.GUID) > 32 || !emv.IsANS(x.GUID) || strings.EqualFold(x.GUID, QRISGUID) {
		return nil, p.Errorf("guid", "%q must be your acquirer's GUID (at most 32 printable characters, not %s, which till writes in tag 51)", x.GUID, QRISGUID)
	}
	if x.PAN, err = p.Required("pan", "the merchant PAN your acquirer gave you (16 to 19 digits from 9360)"); err != nil {
		return nil, err
	}
	if len(x.PAN) < 16 || len(x.PAN) > 19 || !isDigitString(x.PAN) || !strings.HasPrefix(x.PAN, qrisPANPrefix) {
		return nil, p.Errorf("pan", "%q must be 16 to 19 digits starting with %s (a domestic QRIS merchant PAN)", x.PAN, qrisPANPrefix)
	}
	if x.MerchantID, err = p.Required("merchant_id", "your merchant id at the acquirer"); err != nil {
		return nil, err
	}
	if len(x.MerchantID) > 15 || !emv.IsANS(x.MerchantID) {
		return nil, p.Errorf("merchant_id", "%q must be at most 15 printable ASCII characters", x.MerchantID)
	}
	if x.NMID, err = p.Required("nmid", "the National Merchant ID on your QRIS sticker (ID and 13 digits)"); err != nil {
		return nil, err
	}
	if !nmidPattern.MatchString(x.NMID) {
		return nil, p.Errorf("nmid", "%q must be ID and 13 digits, like ID1026503892287", x.NMID)
	}
	if x.Criteria, err = p.String("criteria"); err != nil {
		return nil, err
	}
	x.Criteria = strings.ToUpper(x.Criteria)
	if x.Criteria == "" {
		x.Criteria = "UMI"
	}
	if !contains(qrisCriteria, x.Criteria) {
		return nil, p.Errorf("criteria", "%q must be one of %s (micro, small, medium, large, regular)", x.Criteria, strings.Join(qrisCriteria, ", "))
	}
	if x.Terminal, err = p.String("terminal"); err != nil {
		return nil, err
	}
	if x.Terminal == "" {
		x.Terminal = "A01"
	}
	if len(x.Terminal) > 25 || !emv.IsANS(x.Terminal) {
		return nil, p.Errorf("terminal", "%q must be at most 25 printable ASCII characters", x.Terminal)
	}
	return x, nil
}

// Requires: QRIS moves rupiah in Indonesia.
func (x *QRIS) Requires() (string, string) { return "IDR", "ID" }

// Accounts returns the acquirer's template and the national template 51.
func (x *QRIS) Accounts(Charge) ([]emv.DataObject, error) {
	acq, err := emv.Template(fmt.Sprintf("%02d", x.Tag), emv.Object("00", x.GUID), emv.Object("01", x.PAN),
		emv.Object("02", x.MerchantID), emv.Object("03", x.Criteria))
	if err != nil {
		return nil, err
	}
	national, err := emv.Template("51", emv.Object("00", QRISGUID), emv.Object("02", x.NMID), emv.Object("03", x.Criteria))
	if err != nil {
		return nil, err
	}
	return []emv.DataObject{acq, national}, nil
}

// Additional writes the reference label (62-05) and the terminal (62-07).
func (x *QRIS) Additional(c Charge) []emv.DataObject {
	return []emv.DataObject{emv.Object("05", string(c.Ref)), emv.Object("07", x.Terminal)}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
