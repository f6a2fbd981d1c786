// The reception desk's scanner: the device camera (BarcodeDetector where the browser has it, jsQR otherwise) and a
// photo of a QR. Only the decoded text goes to the server; the picture never leaves the device.
let jsQRLoaded;

function loadJsQR() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  jsQRLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/lib/jsqr/jsQR.js';
    script.onload = () => resolve(window.jsQR);
    script.onerror = () => reject(new Error('jsQR could not be loaded'));
    document.head.appendChild(script);
  });
  return jsQRLoaded;
}

let detector;
async function decodeSource(source, width, height) {
  if ('BarcodeDetector' in window) {
    try {
      detector ??= new window.BarcodeDetector({ formats: ['qr_code'] });
      const found = await detector.detect(source);
      if (found.length > 0) return found[0].rawValue;
    } catch {
      // Some builds expose the class without a working engine: fall back to jsQR.
    }
  }

  const jsQR = await loadJsQR();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(source, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height);
  const code = jsQR(pixels.data, width, height, { inversionAttempts: 'attemptBoth' });
  return code ? code.data : null;
}

/** Decodes the image the staff picked (a photo or screenshot of a pass); null when it holds no QR. */
export async function decodeFile(input) {
  const file = input?.files?.[0];
  if (!file) return null;
  const bitmap = await createImageBitmap(file);
  try {
    // Large photos are scaled down: a QR still decodes at 1000 px and the work stays small.
    const scale = Math.min(1, 1000 / Math.max(bitmap.width, bitmap.height));
    return await decodeSource(bitmap, Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
  } finally {
    bitmap.close();
    input.value = '';
  }
}

const scanners = new WeakMap();

// Four reads in a row without a QR (about a second) mean the pass was taken away.
const emptyReadsToForget = 4;

/** Starts the camera into the video element and reports each new QR text to .NET (OnScannedFromCamera). */
export async function startCamera(video, dotnet) {
  await stopCamera(video);
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch (e) {
    return e?.name === 'NotAllowedError' ? 'denied' : 'unavailable';
  }

  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  try {
    await video.play();
  } catch {
    stream.getTracks().forEach(t => t.stop());
    video.srcObject = null;
    return 'unavailable';
  }

  const state = { stream, stopped: false, last: '', emptyReads: 0 };
  scanners.set(video, state);
  const tick = async () => {
    if (state.stopped) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      const text = await decodeSource(video, video.videoWidth, video.videoHeight).catch(() => null);
      if (!text) {
        // The pass has left the view once no frame shows it for a while (a single blurred frame is not leaving).
        if (++state.emptyReads >= emptyReadsToForget) state.last = '';
      } else {
        state.emptyReads = 0;
        // The pass held in front of the camera is reported once, not at every frame: a second report would turn the
        // desk's "checked in" into "already checked in" while the person still stands there. Shown again after it
        // left the view, it is reported again, and the desk says when and where it was checked in.
        if (text !== state.last) {
          state.last = text;
          const delivered = await dotnet.invokeMethodAsync('OnScannedFromCamera', text).then(() => true, () => false);
          if (!delivered) state.last = '';
        }
      }
    }
    setTimeout(tick, 250);
  };
  tick();
  return 'started';
}

export async function stopCamera(video) {
  const state = video && scanners.get(video);
  if (!state) return;
  state.stopped = true;
  state.stream.getTracks().forEach(t => t.stop());
  video.srcObject = null;
  scanners.delete(video);
}

/** Puts the focus back on the code field after each check-in, so the next person's code can be typed at once. */
export function focus(element) {
  element?.focus();
}
