#!/usr/bin/env bash
# Makes the input of examples/speech-segments.yaml: sentences spoken by espeak-ng at known times,
# with silence between them and, optionally, pink noise at a given signal-to-noise ratio; and the
# true speech times beside it. Needs espeak-ng and sox (apt-get install espeak-ng sox).
#
#   examples/make-speech.sh                     # examples/data/speech.wav, 48 kHz, clean
#   examples/make-speech.sh --snr 10            # the same speech in pink noise at 10 dB SNR
#   examples/make-speech.sh --out /tmp/s.wav --rate 16000 --sentences 12 --snr 0
#
# Writes OUT (16-bit mono WAV) and OUT with .truth.jsonl for .wav: one line per sentence,
# {"start": S, "end": E, "text": "..."} in seconds, where the sentence's sound starts and ends
# (espeak-ng's leading and trailing silence, below -50 dBFS, cut off). The SNR
# is the ratio of the speech's mean power while it is spoken to the noise's. Output is the same on
# every run (sox -R: repeatable noise and dither).
set -euo pipefail

out="$(dirname "${BASH_SOURCE[0]}")/data/speech.wav"
rate=48000
snr=""
count=8
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --snr) snr="$2"; shift 2 ;;
    --sentences) count="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "make-speech.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -n "$snr" ]] && ! [[ "$snr" =~ ^-?[0-9]+([.][0-9]+)?$ ]]; then
  echo "make-speech.sh: --snr must be a number of dB, e.g. 10, not '$snr'" >&2
  exit 2
fi
for tool in espeak-ng sox soxi; do
  if ! command -v "$tool" >/dev/null; then
    echo "make-speech.sh: $tool is not installed; install it with: apt-get install espeak-ng sox" >&2
    exit 3
  fi
done

sentences=(
  "The quick brown fox jumps over the lazy dog."
  "Please call Stella and ask her to bring these things with her from the store."
  "Six spoons of fresh snow peas, five thick slabs of blue cheese."
  "We also need a small plastic snake and a big toy frog for the kids."
  "She can scoop these things into three red bags, and we will go meet her."
  "Wednesday at the train station, near the bridge."
  "Turn left after the second light, then keep going for two miles."
  "Thank you. That will be all for today."
  "How much wood would a woodchuck chuck if a woodchuck could chuck wood?"
  "Numbers like forty two and nineteen eighty four are easy to say."
  "The meeting moved to Thursday afternoon."
  "Yes."
)
voices=(en-us en-gb en-us+f3 en-gb-scotland en-us+m3 en-029 en-gb+f2 en-us+m7)
speeds=(165 150 180 140 170 155 175 160)
gaps=(1.0 0.8 1.4 0.9 2.0 0.8 1.1 0.85 1.6 0.9 1.2 0.8)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
truth="${out%.wav}.truth.jsonl"
: >"$truth"

# Each sentence: spoken, resampled, its silent ends cut; then the silence before it, then it.
position=0
parts=()
speech_parts=()
for ((i = 0; i < count; i++)); do
  text="${sentences[i % ${#sentences[@]}]}"
  espeak-ng -v "${voices[i % ${#voices[@]}]}" -s "${speeds[i % ${#speeds[@]}]}" \
    -w "$work/raw$i.wav" "$text"
  sox -R "$work/raw$i.wav" -r "$rate" -b 16 "$work/s$i.wav" \
    silence 1 1s -50d reverse silence 1 1s -50d reverse gain -n -6
  gap="${gaps[i % ${#gaps[@]}]}"
  sox -R -D -n -r "$rate" -c 1 -b 16 "$work/g$i.wav" trim 0 "$gap"
  length=$(soxi -s "$work/s$i.wav")
  gap_samples=$(soxi -s "$work/g$i.wav")
  start=$((position + gap_samples))
  end=$((start + length))
  position=$end
  printf '{"start": %s, "end": %s, "text": "%s"}\n' \
    "$(awk -v s="$start" -v r="$rate" 'BEGIN { printf "%.4f", s / r }')" \
    "$(awk -v s="$end" -v r="$rate" 'BEGIN { printf "%.4f", s / r }')" "$text" >>"$truth"
  parts+=("$work/g$i.wav" "$work/s$i.wav")
  speech_parts+=("$work/s$i.wav")
done
sox -R -D -n -r "$rate" -c 1 -b 16 "$work/tail.wav" trim 0 1.0
# Silence and joining need no dither: the silence between sentences stays digital silence.
sox -R -D "${parts[@]}" "$work/tail.wav" "$work/clean.wav"

if [[ -z "$snr" ]]; then
  mv "$work/clean.wav" "$out"
else
  # Speech power while spoken, noise power: both from sox's RMS level (dBFS).
  sox -R "${speech_parts[@]}" "$work/speech-only.wav"
  speech_db=$(sox "$work/speech-only.wav" -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
  seconds=$(soxi -D "$work/clean.wav")
  sox -R -n -r "$rate" -c 1 -b 32 -e floating-point "$work/noise.wav" synth "$seconds" pinknoise
  noise_db=$(sox "$work/noise.wav" -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
  gain=$(awk -v s="$speech_db" -v n="$noise_db" -v snr="$snr" 'BEGIN { printf "%.4f", s - snr - n }')
  sox -R -m -v 1 "$work/clean.wav" -v 1 "|sox $work/noise.wav -p gain $gain" -b 16 "$out"
fi
echo "wrote $out ($(soxi -d "$out"), $count sentences${snr:+, pink noise at $snr dB SNR}) and $truth"
