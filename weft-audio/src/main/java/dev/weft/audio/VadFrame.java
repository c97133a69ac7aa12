package dev.weft.audio;

/**
 * One analysis frame as {@code audio.vad} judged it: the message between {@code audio.vad} and
 * {@code audio.segmenter}.
 *
 * @param audio the frame's samples, in the format and channels they came in
 * @param speech whether the frame counts as speech, after onset smoothing and hangover
 * @param probability the engine's probability that the frame holds speech, from 0 to 1, before
 *     smoothing
 */
public record VadFrame(AudioFrame audio, boolean speech, float probability) {}
