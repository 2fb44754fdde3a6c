package qrview

import (
	"rsc.io/qr/coding"
)

// A payment payload mixes upper-case runs (names, cities, GUIDs such as
// COM.EXAMPLE.WALLET), long digit runs (tags and lengths, amounts) and a
// few lower-case parts (Pix's br.gov.bcb.pix, a key). rsc.io/qr, and so
// qrterminal, writes the whole payload in the one mode every character
// allows: bytes as soon as one letter is lower case. A QR code may switch
// modes along the way (ISO 18004 §7.4); segments cut where that saves bits
// make a Pix code with a wallet one or two versions smaller, which is what
// lets it scan from a laptop's small terminal. This is the standard
// optimal segmentation, by dynamic programming over the characters.

// mode is a QR segment mode.
type mode int

const (
	numeric mode = iota
	alnum
	byteMode
	modes
)

const alnumChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

func allows(m mode, c byte) bool {
	switch m {
	case numeric:
		return c >= '0' && c <= '9'
	case alnum:
		for i := 0; i < len(alnumChars); i++ {
			if alnumChars[i] == c {
				return true
			}
		}
		return false
	}
	return true
}

// countBits is the length of a segment's character count field in version
// v (ISO 18004 table 3).
func countBits(m mode, v coding.Version) int {
	class := 0
	switch {
	case v >= 27:
		class = 2
	case v >= 10:
		class = 1
	}
	return [modes][3]int{{10, 12, 14}, {9, 11, 13}, {8, 16, 16}}[m][class]
}

// charSixths is a character's cost in sixths of a bit: numeric packs 3
// digits in 10 bits, alphanumeric 2 characters in 11, bytes 8 bits each.
var charSixths = [modes]int{20, 33, 48}

// segments cuts payload (ASCII) into the segments that take the fewest
// bits in version v.
func segments(payload string, v coding.Version) []coding.Encoding {
	n := len(payload)
	const inf = 1 << 60
	// cost[i][m]: the fewest sixths for payload[:i+1] with character i in
	// mode m; from[i][m]: the mode of character i-1 on that path.
	cost := make([][modes]int, n)
	from := make([][modes]mode, n)
	for i := range n {
		c := payload[i]
		for m := range modes {
			cost[i][m] = inf
			if !allows(m, c) {
				continue
			}
			header := (4 + countBits(m, v)) * 6
			if i == 0 {
				cost[i][m] = header + charSixths[m]
				continue
			}
			for prev := range modes {
				if cost[i-1][prev] == inf {
					continue
				}
				c := cost[i-1][prev] + charSixths[m]
				if prev != m {
					c += header
				}
				if c < cost[i][m] {
					cost[i][m], from[i][m] = c, prev
				}
			}
		}
	}
	best := byteMode
	for m := range modes {
		if cost[n-1][m] < cost[n-1][best] {
			best = m
		}
	}
	// Walk back to the modes of every character, then join runs.
	modeOf := make([]mode, n)
	for i, m := n-1, best; i >= 0; i-- {
		modeOf[i] = m
		m = from[i][m]
	}
	var out []coding.Encoding
	start := 0
	for i := 1; i <= n; i++ {
		if i < n && modeOf[i] == modeOf[start] {
			continue
		}
		run := payload[start:i]
		switch modeOf[start] {
		case numeric:
			out = append(out, coding.Num(run))
		case alnum:
			out = append(out, coding.Alpha(run))
		default:
			out = append(out, coding.String(run))
		}
		start = i
	}
	return out
}
