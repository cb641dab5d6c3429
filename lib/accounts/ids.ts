// Identifiers we hand out: unguessable, and in the alphabets Meituan and people can cope with.
import { randomInt } from "node:crypto";

const pick = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");

/** A member's tracking id: 16 of [a-z0-9] (about 82 bits), safe for every business line's sid rules. */
export const newSid = () => pick("abcdefghijklmnopqrstuvwxyz0123456789", 16);

/** An invite code people can read aloud and type: no 0/O, 1/I/L. */
export const newInviteCode = () => pick("ABCDEFGHJKMNPQRSTUVWXYZ23456789", 8);
