package setup

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// maxNoticeLines bounds the message above the form; the form keeps the
// rest of the window.
const maxNoticeLines = 4

// notices is the message above the form, wrapped: at least one line (left
// blank when there is nothing to say, so the form does not jump).
func (m Model) notices() []string {
	st := lipgloss.NewStyle().Width(max(m.width, 1))
	var text string
	switch {
	case m.saving:
		text = m.styles.Notice.Render(m.lang.T("Saving…"))
	case m.notice != "":
		text = m.styles.Error.Render("✗ " + m.notice)
	}
	lines := strings.Split(st.Render(text), "\n")
	if len(lines) > maxNoticeLines {
		lines = lines[:maxNoticeLines]
	}
	return lines
}

// bodyHeight is what the window leaves for the form or the preview: all
// but the title, the notice and the help line.
func (m Model) bodyHeight() int { return max(m.height-2-len(m.notices()), 1) }

func (m *Model) resize() {
	if m.form != nil {
		m.form.WithWidth(max(m.width-2, 20)).WithHeight(max(m.bodyHeight(), 5))
	}
	m.help.SetWidth(m.width)
}

// View draws the form.
func (m Model) View() tea.View {
	v := tea.NewView(m.Screen())
	v.AltScreen = true
	return v
}

// Screen is the form's picture as text, exactly as View shows it.
func (m Model) Screen() string {
	if m.step == stepDone {
		return ""
	}
	// The code alone, as big as the window allows, for small windows.
	if m.step == stepPreview && m.prev.codeOnly && m.prev.err == nil {
		if l := m.prev.qrs[m.prev.shown].Layout(m.width, m.height); l.OK {
			return l.View
		}
	}
	title := m.styles.Title.Render(m.lang.T("till setup")) + m.styles.Muted.Render(" · "+m.stepTitle())
	notice := strings.Join(m.notices(), "\n")
	bodyH := m.bodyHeight()
	var body string
	if m.step == stepPreview {
		body = m.prev.view(m, m.width, bodyH)
	} else {
		body = " " + strings.ReplaceAll(m.form.View(), "\n", "\n ")
	}
	body = lipgloss.NewStyle().MaxHeight(bodyH).Height(bodyH).Render(body)
	help := m.helpLine()
	if m.opts.NoColor {
		title, notice, help = withoutColour(title), withoutColour(notice), withoutColour(help)
		if m.step != stepPreview { // the preview's code keeps its colours
			body = withoutColour(body)
		}
	}
	return lipgloss.NewStyle().MaxWidth(m.width).Render(
		strings.Join([]string{title, notice, body, help}, "\n"))
}

func (m Model) stepTitle() string {
	switch m.step {
	case stepMerchant:
		return m.lang.T("1/4 business")
	case stepHub, stepType, stepTarget, stepFields:
		return m.lang.T("2/4 payment schemes")
	case stepTill:
		return m.lang.T("3/4 PIN and expiry")
	}
	return m.lang.T("4/4 check and save")
}

// helpLine lists the keys that work now.
func (m Model) helpLine() string {
	var b []key.Binding
	switch m.step {
	case stepPreview:
		if m.prev.err == nil {
			b = append(b, m.keys.Save)
		}
		if len(m.prev.codes) > 1 {
			b = append(b, m.keys.NextCode)
		}
		if len(m.prev.qrs) > 0 && m.prev.qrs[m.prev.shown].Layout(m.width, m.height).OK {
			b = append(b, m.keys.ShowCode)
		}
	default:
		b = append(b, m.form.KeyBinds()...)
	}
	if m.step != stepMerchant {
		b = append(b, m.keys.Back)
	}
	b = append(b, m.keys.Quit)
	return m.help.ShortHelpView(b)
}
