// The names of the stored pictures, shared by the picture library (which
// changes them) and the image app's config form (which offers them).
import { reactive } from 'vue'
import { api } from '../api.js'

export const pictures = reactive({ names: [] })

export async function refreshPictures() {
  try {
    pictures.names = (await api.images()).images.map((image) => image.name)
  } catch {
    // The form still offers the picture already chosen; the library shows the error.
  }
}
