// mask (redacting letters and digits) and sentences (text split into sentences of words, as java.text.BreakIterator
// does in Spark), written into the result's buffers directly.
import { bitAt, listColumn, Utf8Builder } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { ArrayType, STRING } from '../../types/data-types.js'
import { sqlText } from '../sql-text.js'
import { callText, coerceArgs } from './coercion.js'
import { stringsOfVec } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, isScalar } from './vector.js'

const MASK_DEFAULTS = ['X', 'x', 'n', null] as const
const MASK_PARAMS = ['upperChar', 'lowerChar', 'digitChar', 'otherChar']

/** mask(str[, upper, lower, digit, other]): each replacement a constant single character, or NULL to keep. */
const mask: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 5],
  resolve(args, name) {
    const coerced = coerceArgs(name, args, ['string'])
    coerced.slice(1).forEach((arg, k) => {
      if (arg.kind !== 'Literal') {
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: the input ${MASK_PARAMS[k]} should be a foldable "STRING" expression; however, got "${sqlText(arg)}".`,
          { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
        )
      }
      if (arg.value !== null && [...String(arg.value)].length !== 1) {
        throw new AnalysisException(
          `Cannot resolve "${callText(name, args)}" due to data type mismatch: Length of ${MASK_PARAMS[k]} should be 1.`,
          { errorClass: 'DATATYPE_MISMATCH.INPUT_SIZE_NOT_ONE' },
        )
      }
    })
    return { args: coerced, dataType: STRING }
  },
  kernel(args, ctx) {
    const n = ctx.length
    const texts = stringsOfVec(args[0]!, n)
    const [upper, lower, digit, other] = MASK_DEFAULTS.map((fallback, k) => {
      const arg = args[k + 1]
      return arg === undefined ? fallback : isScalar(arg) ? (arg.value as string | null) : fallback
    })
    const out = new Utf8Builder(n, n * 16)
    for (let i = 0; i < n; i++) {
      const text = texts[i]
      if (text == null) {
        out.appendNull()
        continue
      }
      let masked = ''
      for (const ch of text) {
        const replacement = /\p{Lu}/u.test(ch) ? upper : /\p{Ll}/u.test(ch) ? lower : /\p{Nd}/u.test(ch) ? digit : other
        masked += replacement ?? ch
      }
      out.append(masked)
    }
    return out.finish()
  },
}

const segmenters = new Map<string, { sentences: Intl.Segmenter; words: Intl.Segmenter }>()

/** Sentence and word segmenters for a locale (language[-country]); an unknown locale falls back to the default. */
function segmentersFor(language: string, country: string) {
  const key = `${language}-${country}`
  let found = segmenters.get(key)
  if (!found) {
    let locale: string | undefined
    try {
      locale = language ? Intl.getCanonicalLocales(country ? `${language}-${country}` : language)[0] : undefined
    } catch {
      locale = undefined
    }
    found = {
      sentences: new Intl.Segmenter(locale, { granularity: 'sentence' }),
      words: new Intl.Segmenter(locale, { granularity: 'word' }),
    }
    segmenters.set(key, found)
  }
  return found
}

const WORD_START = /^[\p{L}\p{Nd}]/u

/** sentences(str[, lang, country]): ARRAY<ARRAY<STRING>>, the words (starting with a letter or digit) per sentence. */
const sentences: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 3],
  resolve(args, name) {
    if (args.length === 2) {
      throw new AnalysisException(
        `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires [1, 3] parameters but the actual number is 2.`,
        { errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' },
      )
    }
    return { args: coerceArgs(name, args, ['string']), dataType: ArrayType(ArrayType(STRING)), nullable: true }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const texts = stringsOfVec(args[0]!, n)
    const languages = args[1] ? stringsOfVec(args[1], n) : null
    const countries = args[2] ? stringsOfVec(args[2], n) : null
    const valid = combinedValidity([args[0]!], n)
    const rowOffsets = new Int32Array(n + 1)
    const sentenceOffsets: number[] = [0]
    const words = new Utf8Builder(n, n * 16)
    for (let i = 0; i < n; i++) {
      const text = texts[i]
      if (text != null && (valid === null || bitAt(valid, i))) {
        const { sentences: bySentence, words: byWord } = segmentersFor(languages?.[i] ?? '', countries?.[i] ?? '')
        for (const { segment } of bySentence.segment(text)) {
          let count = 0
          for (const word of byWord.segment(segment)) {
            if (WORD_START.test(word.segment)) {
              words.append(word.segment)
              count++
            }
          }
          // A sentence without words (only punctuation or spaces) adds nothing.
          if (count > 0) sentenceOffsets.push(words.length)
        }
      }
      rowOffsets[i + 1] = sentenceOffsets.length - 1
    }
    const type = call.dataType as ReturnType<typeof ArrayType>
    const inner = listColumn(type.elementType, Int32Array.from(sentenceOffsets), words.finish())
    return listColumn(type, rowOffsets, inner, valid)
  },
}

export const textMaskFunctions = { mask, sentences } satisfies Record<string, ScalarFunction>
