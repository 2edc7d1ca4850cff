import { createApp } from 'vue'
import '@fontsource/doto/latin-800.css'
import './styles.css'
import App from './App.vue'
import { connect } from './store/board.js'

connect()
createApp(App).mount('#app')
