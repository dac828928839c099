/** In-place iterative radix-2 complex FFT of (re, im), shared by the audio and server tests; length must be a power of two. `inverse` omits the 1/n scale. */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let j = 0; j < len / 2; j++) {
        const ur = re[i + j]!;
        const ui = im[i + j]!;
        const k = i + j + len / 2;
        const vr = re[k]! * cr - im[k]! * ci;
        const vi = re[k]! * ci + im[k]! * cr;
        re[i + j] = ur + vr;
        im[i + j] = ui + vi;
        re[k] = ur - vr;
        im[k] = ui - vi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}
