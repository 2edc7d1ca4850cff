// Dark by default; the choice is remembered per browser.

import { ref, watch } from 'vue'

const KEY = 'retroboard-theme'

function stored() {
  try {
    return localStorage.getItem(KEY) === 'light' ? 'light' : 'dark'
  } catch {
    return 'dark'
  }
}

export const theme = ref(stored())

watch(
  theme,
  (value) => {
    document.documentElement.dataset.theme = value
    document.querySelector('meta[name="theme-color"]')?.setAttribute('content', value === 'light' ? '#eef0f4' : '#0b0d12')
    try {
      localStorage.setItem(KEY, value)
    } catch {
      // Private mode: the theme still applies for this visit.
    }
  },
  { immediate: true },
)

export function toggleTheme() {
  theme.value = theme.value === 'dark' ? 'light' : 'dark'
}
