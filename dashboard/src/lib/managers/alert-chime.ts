/**
 * A short two-tone chime made with WebAudio, so the wall screen needs no sound file (and no request the
 * server might not serve). Browsers only play sound after a user gesture unless told otherwise: a wall
 * screen's Chromium is started with `--autoplay-policy=no-user-gesture-required` (docs: wall screens).
 */
export class AlertChime {
  #context: AudioContext | null = null;

  /** Resolves false when the browser refused to play (autoplay policy), so the screen can say so. */
  async play(urgent: boolean): Promise<boolean> {
    try {
      this.#context ??= new AudioContext();
      const context = this.#context;
      if (context.state === 'suspended') await context.resume();
      if (context.state !== 'running') return false;
      const start = context.currentTime + 0.02;
      const tones = urgent ? [880, 660, 880, 660] : [880, 660];
      tones.forEach((frequency, index) => this.#tone(context, frequency, start + index * 0.28, 0.24));
      return true;
    } catch (error) {
      console.warn('alert chime failed', error);
      return false;
    }
  }

  #tone(context: AudioContext, frequency: number, at: number, seconds: number): void {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.35, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds + 0.05);
  }
}
