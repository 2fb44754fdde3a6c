package reconcile

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// updatePick handles keys while a file is being chosen. The screen's
// letters come first; everything else moves through the file picker.
func (m Model) updatePick(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.enabled()
	m.err = ""
	switch {
	case key.Matches(msg, k.Back):
		return m, goCharge
	case key.Matches(msg, k.Format):
		m.format = (m.format + 1) % len(m.formats)
		return m, nil
	case key.Matches(msg, k.Profile):
		m.profile = (m.profile + 1) % len(m.profiles)
		return m, nil
	case key.Matches(msg, k.DryRun):
		m.dryRun = !m.dryRun
		return m, nil
	case key.Matches(msg, k.Queue):
		m.state = stateQueue
		return m, m.Load()
	case key.Matches(msg, k.Mark):
		return m.toggleMark(), nil
	case key.Matches(msg, k.ImportMarked):
		return m.startImport(m.pickerSelection(""))
	}
	var cmd tea.Cmd
	m.picker, cmd = m.picker.Update(msg)
	if ok, path := m.picker.DidSelectFile(msg); ok {
		return m.startImport(m.pickerSelection(path))
	}
	if ok, path := m.picker.DidSelectDisabledFile(msg); ok {
		m.err = m.T("%s is not a statement file (%s)", filepath.Base(path), strings.Join(StatementExtensions, " "))
	}
	return m, cmd
}

// toggleMark marks the highlighted file for a combined import (several
// files of one period in one transaction), or unmarks it.
func (m Model) toggleMark() Model {
	path := m.picker.HighlightedPath()
	if path == "" {
		return m
	}
	for i, p := range m.marked {
		if p == path {
			m.marked = append(m.marked[:i:i], m.marked[i+1:]...)
			return m
		}
	}
	if !isStatementName(path) {
		m.err = m.T("%s is not a statement file (%s)", filepath.Base(path), strings.Join(StatementExtensions, " "))
		return m
	}
	m.marked = append(m.marked, path)
	return m
}
