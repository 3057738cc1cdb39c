// Type-checked with `tsc --noEmit -p test/types` (types.test.js): real usage of
// the public API against the committed index.d.ts and the subpath .d.ts files.
// Lines marked @ts-expect-error must stay errors: they prove the types reject
// misuse rather than being `any`.
import * as cdnsign from 'cdnsign'

const v: string = cdnsign.version()
const codes: string[] = cdnsign.errorCodes()
const t1: number = cdnsign.toUnixSeconds(new Date())
const t2: number = cdnsign.toUnixSeconds(1767290400)
// @ts-expect-error times are Date | number, not strings
cdnsign.toUnixSeconds('2026-01-01')

export { v, codes, t1, t2 }
