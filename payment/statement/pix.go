package statement

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
)

// pixReader streams the received Pix of the BACEN PIX API: the webhook
// body {"pix":[…]} and the GET /pix response {"parametros":{…},"pix":[…]}
// (a bare array of Pix is read too). It decodes one pix[] element at a
// time with json.Decoder, so a long GET /pix page costs one element of
// memory. Each Pix gives a credit line; each devolução (refund) inside it
// a debit line.
type pixReader struct {
	dec     *json.Decoder
	in      *budgetReader
	loc     *time.Location
	state   pixState
	bare    bool // the document is a bare array
	sawPix  bool
	entryNo int
	out     []Line
}

type pixState int

const (
	pixStart pixState = iota
	pixObject
	pixArray
	pixDone
)

type pixItem struct {
	EndToEndID  string `json:"endToEndId"`
	TxID        string `json:"txid"`
	Valor       string `json:"valor"`
	Chave       string `json:"chave"`
	Horario     string `json:"horario"`
	InfoPagador string `json:"infoPagador"`
	Pagador     struct {
		Nome string `json:"nome"`
	} `json:"pagador"`
	Devolucoes []pixRefund `json:"devolucoes"`
}

type pixRefund struct {
	ID      string `json:"id"`
	RtrID   string `json:"rtrId"`
	Valor   string `json:"valor"`
	Horario struct {
		Solicitacao string `json:"solicitacao"`
		Liquidacao  string `json:"liquidacao"`
	} `json:"horario"`
	Status string `json:"status"`
	Motivo string `json:"motivo"`
}

// pixValor is the API's amount pattern: BRL with exactly two decimals.
var pixValor = regexp.MustCompile(`^[0-9]{1,10}\.[0-9]{2}$`)

var brl = payment.MustCurrency("BRL")

func newPIXReader(r *bufio.Reader, opts Options) *pixReader {
	in := newBudgetReader(r, opts.maxToken())
	return &pixReader{dec: json.NewDecoder(in), in: in, loc: opts.location()}
}

func (r *pixReader) fail(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		err = fmt.Errorf("malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		err = fmt.Errorf("field %q must be a %s, not a JSON %s", te.Field, te.Type, te.Value)
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		err = errors.New("the JSON ends early; is the file complete?")
	}
	entry := 0
	if r.state == pixArray {
		entry = r.entryNo + 1
	}
	return at(0, entry, err)
}

func (r *pixReader) delim() (json.Delim, error) {
	r.in.reset()
	tok, err := r.dec.Token()
	if err != nil {
		return 0, err
	}
	d, _ := tok.(json.Delim)
	return d, nil
}

// It is better whole: it is the state machine of the streaming JSON
// reader, one case per state (start, object, array, done) with its
// transitions; split, the transitions would no longer read as one table.
func (r *pixReader) next() (Line, error) {
	for len(r.out) == 0 {
		switch r.state {
		case pixStart:
			d, err := r.delim()
			if err != nil {
				return Line{}, r.fail(err)
			}
			switch d {
			case '{':
				r.state = pixObject
			case '[':
				r.state, r.bare, r.sawPix = pixArray, true, true
			default:
				return Line{}, r.fail(errors.New(`PIX JSON must be an object with a "pix" array`))
			}
		case pixObject:
			if !r.dec.More() {
				if _, err := r.delim(); err != nil {
					return Line{}, r.fail(err)
				}
				r.state = pixDone
				continue
			}
			r.in.reset()
			tok, err := r.dec.Token()
			if err != nil {
				return Line{}, r.fail(err)
			}
			if key, _ := tok.(string); key == "pix" {
				if d, err := r.delim(); err != nil || d != '[' {
					return Line{}, r.fail(firstErr(err, errors.New(`"pix" must be an array`)))
				}
				r.state, r.sawPix = pixArray, true
				continue
			}
			var skip json.RawMessage // "parametros" and the like
			r.in.reset()
			if err := r.dec.Decode(&skip); err != nil {
				return Line{}, r.fail(err)
			}
		case pixArray:
			if !r.dec.More() {
				if _, err := r.delim(); err != nil {
					return Line{}, r.fail(err)
				}
				r.state = pixObject
				if r.bare {
					r.state = pixDone
				}
				continue
			}
			var item pixItem
			r.in.reset()
			if err := r.dec.Decode(&item); err != nil {
				return Line{}, r.fail(err)
			}
			r.entryNo++
			if err := r.lines(&item); err != nil {
				return Line{}, at(0, r.entryNo, err)
			}
		case pixDone:
			if !r.sawPix {
				return Line{}, r.fail(errors.New(`no "pix" array in the JSON`))
			}
			return Line{}, io.EOF
		}
	}
	l := r.out[0]
	r.out = r.out[1:]
	return l, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func (r *pixReader) lines(p *pixItem) error {
	if p.EndToEndID == "" {
		return errors.New("endToEndId is missing")
	}
	amount, err := pixAmount(p.Valor)
	if err != nil {
		return err
	}
	when, err := pixTime(p.Horario)
	if err != nil {
		return fmt.Errorf("horario: %w", err)
	}
	ref := p.TxID
	if ref == "***" {
		ref = "" // a static code without a txid
	}
	r.out = append(r.out, Line{
		Key:          "pix|" + p.EndToEndID,
		ProviderID:   p.EndToEndID,
		Account:      p.Chave,
		BookedAt:     when,
		ValueAt:      when,
		Amount:       amount,
		Credit:       true,
		Reference:    ref,
		Text:         p.InfoPagador,
		Counterparty: p.Pagador.Nome,
		BankCode:     "pix",
		Source:       "pix",
		Position:     r.entryNo,
	})
	for i, d := range p.Devolucoes {
		l := Line{
			ProviderID: p.EndToEndID, // the refund points back at the payment
			Account:    p.Chave,
			Reference:  ref,
			Text:       d.Motivo,
			BankCode:   "devolucao",
			Source:     "pix",
			Position:   r.entryNo,
		}
		switch strings.ToUpper(d.Status) {
		case "NAO_REALIZADO":
			continue // refused: no money moved
		case "DEVOLVIDO":
		default: // EM_PROCESSAMENTO, or a status we do not know yet
			l.Pending = true
		}
		if l.Amount, err = pixAmount(d.Valor); err != nil {
			return fmt.Errorf("devolução %d: %w", i+1, err)
		}
		h := firstOf(d.Horario.Liquidacao, d.Horario.Solicitacao)
		if l.BookedAt, err = pixTime(h); err != nil {
			return fmt.Errorf("devolução %d horario: %w", i+1, err)
		}
		l.ValueAt = l.BookedAt
		switch {
		case d.RtrID != "":
			l.Key = "pix|" + d.RtrID
		case d.ID != "":
			l.Key = "pix|" + p.EndToEndID + "|devolucao:" + d.ID
		default:
			return fmt.Errorf("devolução %d has neither rtrId nor id", i+1)
		}
		r.out = append(r.out, l)
	}
	return nil
}

func pixAmount(v string) (payment.Amount, error) {
	if !pixValor.MatchString(v) {
		return payment.Amount{}, fmt.Errorf("valor %q must be a decimal with two places, like 12.50", v)
	}
	minor, err := payment.ParseMinor(v, brl.Exponent)
	if err != nil {
		return payment.Amount{}, fmt.Errorf("valor %q: %w", v, err)
	}
	return payment.Amount{Minor: minor, Currency: brl}, nil
}

func pixTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q must be an RFC 3339 time such as 2026-01-15T10:30:00Z", s)
	}
	return t, nil
}
