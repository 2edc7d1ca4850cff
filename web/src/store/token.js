// The access token of a board started with --auth-token: asked for once, kept in
// localStorage, sent as `Authorization: Bearer` with commands and as `auth.token`
// when the socket connects. Boards without a token never ask.

import { reactive, readonly } from 'vue'

const KEY = 'retroboard.token'

const state = reactive({
  token: read(),
  /** True once the server refused a request or a connection for want of the token. */
  needed: false,
})

export const access = readonly(state)

function read() {
  try {
    return localStorage.getItem(KEY) ?? ''
  } catch {
    return ''
  }
}

/** Headers that carry the token, if one is known. */
export function authHeaders() {
  return state.token ? { Authorization: `Bearer ${state.token}` } : {}
}

/** Called when the server answers "unauthorized". */
export function tokenRefused() {
  state.needed = true
}

/** Stores a token the user typed; an empty one forgets it. */
export function rememberToken(token) {
  state.token = token.trim()
  state.needed = false
  try {
    if (state.token) localStorage.setItem(KEY, state.token)
    else localStorage.removeItem(KEY)
  } catch {
    // Private browsing without storage: the token lasts for this page.
  }
}
