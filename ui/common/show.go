package common

// ShowMsg asks the root model to show the screen of that name in its
// table (the screens the charge screen opens with one key). A screen
// that needs more than showing (a new sale, back to a waiting code) has
// its own message: GoChargeMsg, GoOrdersMsg, GoPayMsg.
type ShowMsg struct{ Screen string }
