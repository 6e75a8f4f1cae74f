import {
  CHANGING_TAILS,
  ENTITIES,
  HEALTH_WORDS,
  NAME_PHRASES,
  NEGATIVE_HEADS,
  NEUTRAL_TAILS,
  NON_ENGLISH_WORDS,
  SUBJECT_WORDS,
} from './lexicon.js';
import type { FieldLocation } from './types.js';

/** Tokens kept whole although they mix letters and digits. */
const PROTECTED = new Set([
  'ipv4',
  'ipv6',
  'e164',
  'icd10',
  'icd9',
  'x509',
  'sha256',
  'sha1',
  'md5',
  'base64',
  'utf8',
  'oauth2',
  's3',
  'ec2',
  'b2b',
  'b2c',
  'p2p',
  '2fa',
  'l10n',
  'i18n',
  'k8s',
  'h2',
]);

const SYNONYMS: Record<string, string[]> = {
  tel: ['phone'],
  // The Norwegian and Danish short form of `telefon`.
  tlf: ['phone'],
  telephone: ['phone'],
  telno: ['phone', 'number'],
  nbr: ['number'],
  num: ['number'],
  no: ['number'],
  addr: ['address'],
  fname: ['first', 'name'],
  lname: ['last', 'name'],
  bday: ['birthday'],
  dateofbirth: ['birth', 'date'],
  birthdate: ['birth', 'date'],
  org: ['organization'],
  organisation: ['organization'],
  acct: ['account'],
  pwd: ['password'],
  passwd: ['password'],
  licence: ['license'],
  postcode: ['postal', 'code'],
  zipcode: ['zip', 'code'],
  emailaddress: ['email', 'address'],
  mailaddress: ['mail', 'address'],
  ipaddress: ['ip', 'address'],
  ipaddr: ['ip', 'address'],
  macaddress: ['mac', 'address'],
  cellphone: ['cell', 'phone'],
  mobilephone: ['mobile', 'phone'],
  homepage: ['homepage'],
  username: ['username'],
  userid: ['user', 'id'],
  surname: ['surname'],
  lastname: ['last', 'name'],
  firstname: ['first', 'name'],
  fullname: ['full', 'name'],
  givenname: ['given', 'name'],
  familyname: ['family', 'name'],
  nickname: ['nickname'],
  colour: ['color'],
  xff: ['x', 'forwarded', 'for'],
};

// English, Spanish, Portuguese and French glue words (`fecha de nacimiento`, `data do nascimento`).
const STOP_WORDS = new Set(['of', 'the', 'a', 'an', 'de', 'del', 'da', 'do', 'dos', 'das', 'du', 'des']);

const SINGULAR_EXCEPTIONS = new Set([
  'status',
  'address',
  'business',
  'access',
  'class',
  'process',
  'success',
  'alias',
  'analysis',
  'diagnosis',
  'basis',
  'axis',
  'bus',
  'gas',
  'plus',
  'campus',
  'census',
  'virus',
  'canvas',
  'sms',
  'dns',
  'gps',
  'ios',
  'macos',
  'news',
  'series',
  'species',
  'always',
  'is',
  'has',
  'was',
  'this',
  'its',
  'ms',
  'ts',
  'kudos',
  'tos',
  'yes',
  'less',
  'prognosis',
  'previous',
  'various',
  'bonus',
  'consensus',
  'corpus',
  'focus',
  'radius',
  'nexus',
  'apparatus',
  'its',
  'ingress',
  'egress',
  'express',
  'chassis',
  'pos',
  'aws',
  'https',
  'os',
  'us',
  'as',
  'cors',
  'vs',
  'dos',
  'iris',
  'pancreas',
  'lupus',
  'tetanus',
  'herpes',
  'measles',
  'mumps',
  'rabies',
  'diabetes',
  'scabies',
  'thesis',
  'dialysis',
  'paralysis',
  'sepsis',
  'psoriasis',
  'cirrhosis',
  'stenosis',
  'fibrosis',
  'sclerosis',
  'arthritis',
  'hepatitis',
  'bronchitis',
  'menopause',
]);

/** Singular form of a lower-case word, by the few rules API field names need. */
function singularize(word: string): string {
  const romance = romanceSingular(word) ?? germanicSingular(word);
  if (romance !== undefined) return romance;
  if (word.length < 3 || !word.endsWith('s') || SINGULAR_EXCEPTIONS.has(word) || /\d/.test(word)) return word;
  if (word === 'diagnoses') return 'diagnosis';
  if (word === 'analyses') return 'analysis';
  if (word === 'people') return 'person';
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(?:x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  return word.slice(0, -1);
}

/**
 * The singular of a Spanish or Portuguese plural in `-es` (`planteles`, `instituciones`) or an Italian plural in `-i`
 * (`indirizzi`, `beneficiari`), when that singular is a lexicon word and the plural is not: English rules would cut
 * `planteles` to `plantele`.
 */
function romanceSingular(word: string): string | undefined {
  if (word.length < 5 || VOCABULARY.has(word)) return undefined;
  const candidates = word.endsWith('es')
    ? [word.slice(0, -2)]
    : word.endsWith('i')
      ? // `-io` nouns lose their `o` (`beneficiario` → `beneficiari`), the others change it (`indirizzo` → `indirizzi`).
        [`${word.slice(0, -1)}o`, `${word.slice(0, -1)}e`, `${word}o`]
      : [];
  return candidates.find((c) => c.length >= 4 && VOCABULARY.has(c));
}

/**
 * The singular of a Norwegian, Danish or Swedish plural in `-er` or `-r` (`sykmeldinger`, `diagnoser`, `kommuner`) or
 * a German or Dutch one in `-en` or `-n` (`adressen`), when that singular is a word of the lexicon's other languages and
 * the plural is no word of the lexicon: English words in `-er` (`timer`, `header`) keep theirs.
 */
function germanicSingular(word: string): string | undefined {
  if (word.length < 6 || VOCABULARY.has(word) || !/(?:er|en)$/.test(word)) return undefined;
  return [word.slice(0, -1), word.slice(0, -2)].find((c) => NON_ENGLISH_WORDS.has(c));
}

/** Words the glued-name segmenter may cut a token into: every word of the lexicons. */
const VOCABULARY: ReadonlySet<string> = (() => {
  const words = new Set<string>();
  const add = (phrase: string): void => {
    for (const w of phrase.split(' ')) if (w.length >= 2 && !/^\d+$/.test(w)) words.add(w);
  };
  for (const byStrength of Object.values(NAME_PHRASES))
    for (const list of Object.values(byStrength)) list?.forEach(add);
  for (const set of [NEGATIVE_HEADS, HEALTH_WORDS, CHANGING_TAILS, NEUTRAL_TAILS]) set.forEach(add);
  for (const w of SUBJECT_WORDS.keys()) add(w);
  for (const entity of Object.values(ENTITIES)) {
    const components = (entity as { components?: ReadonlySet<string> }).components;
    components?.forEach(add);
  }
  for (const w of [
    'of',
    'no',
    'on',
    'in',
    'at',
    'by',
    'for',
    'to',
    'is',
    'has',
    'date',
    'time',
    'social',
    'security',
    'medical',
    'record',
    'home',
    'work',
    'postal',
    'credit',
    'card',
    'driver',
    'drivers',
    'number',
    'street',
    'line',
    'zip',
    'mobile',
    'cell',
    'user',
    'file',
    'host',
    'class',
    'table',
    'field',
    'display',
    'service',
    'path',
    'type',
    'key',
    'api',
    'mail',
    'web',
    'site',
    'page',
    'day',
    'month',
    'year',
    'first',
    'last',
    'middle',
    'full',
    'given',
    'family',
    'maiden',
    'mother',
    'birth',
    'death',
    'place',
    'name',
    'phone',
    'email',
    'fax',
    'address',
    'city',
    'state',
    'country',
    'code',
    'tax',
    'id',
    'account',
    'bank',
    'routing',
    'member',
    'group',
    'plan',
    'policy',
    'insurance',
    'license',
    'passport',
    'plate',
    'serial',
    'device',
    'ip',
    'mac',
    'photo',
    'profile',
    'picture',
    'image',
    'url',
    'gender',
    'sex',
    'race',
    'marital',
    'status',
    'language',
    'preferred',
    'contact',
    'emergency',
    'created',
    'updated',
    'at',
    'by',
    'verified',
    'product',
    'company',
    'business',
    'customer',
    'patient',
    'provider',
    'owner',
    'holder',
    'login',
    'screen',
    'handle',
  ]) {
    words.add(w);
  }
  for (const w of ['pin', 'ein', 'sin', 'tin', 'nin']) words.delete(w);
  words.add('dob');
  // Nouns in -age are words of their own, not a word and an age (`percentage` is no `percent age`).
  for (const w of ['percentage', 'lineage', 'postage']) words.add(w);
  return words;
})();

/**
 * Cuts a glued lower-case token into lexicon words (`birthdate` → `birth date`) when the whole token is covered by
 * words of three letters or more (two-letter glue words like `of` allowed inside). Returns undefined otherwise, so
 * `classname` → `class name` but `shipping`, `protein` and `adobe` stay whole.
 */
function segmentGlued(token: string): string[] | undefined {
  if (token.length < 6 || VOCABULARY.has(token)) return undefined;
  const n = token.length;
  const best: (string[] | undefined)[] = new Array(n + 1).fill(undefined);
  best[0] = [];
  for (let i = 0; i < n; i++) {
    const prefix = best[i];
    if (prefix === undefined) continue;
    for (let j = Math.min(n, i + 14); j >= i + 2; j--) {
      const piece = token.slice(i, j);
      if (!VOCABULARY.has(piece)) continue;
      if (piece.length < 3 && !['of', 'on', 'no', 'id', 'ip', 'in', 'at', 'by'].includes(piece)) continue;
      const candidate = [...prefix, piece];
      const current = best[j];
      if (current === undefined || candidate.length < current.length) best[j] = candidate;
    }
  }
  const result = best[n];
  if (result === undefined || result.length < 2) return undefined;
  if (result.every((w) => w.length < 3)) return undefined;
  return result;
}

const tokenCache = new Map<string, readonly string[]>();

/**
 * Tokens of one field or schema name: camelCase, acronyms (`patientSSNLast4` → patient ssn last 4), snake and kebab
 * case, letter/digit boundaries, glued lexicon words; lower case, singular, synonyms mapped, `of`/`the` dropped.
 * Memoised: real specs repeat the same names thousands of times.
 */
export function tokenizeName(name: string): readonly string[] {
  const cached = tokenCache.get(name);
  if (cached !== undefined) return cached;
  // Accents folded and ß spelled out so `teléfono`, `endereço` and `Straße` meet the lexicon's ASCII words; the Danish
  // and Norwegian ø and æ have no accent to fold and are spelled as their own ASCII forms do (`fødselsnummer` is
  // `foedselsnummer`).
  const folded = /[\u0080-\uffff]/.test(name)
    ? name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/ß/g, 'ss')
        .replace(/ø/g, 'oe')
        .replace(/Ø/g, 'Oe')
        .replace(/æ/g, 'ae')
        .replace(/Æ/g, 'Ae')
    : name;
  const spaced = folded.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  const out: string[] = [];
  for (const rough of spaced.split(/[^A-Za-z0-9]+/)) {
    if (rough.length === 0) continue;
    const lower = rough.toLowerCase();
    const pieces = PROTECTED.has(lower)
      ? [lower]
      : lower
          .replace(/([a-z])(\d)/g, '$1 $2')
          .replace(/(\d)([a-z])/g, '$1 $2')
          .split(' ');
    for (const piece of pieces) {
      const synonym = SYNONYMS[piece];
      if (synonym) {
        out.push(...synonym);
        continue;
      }
      const singular = singularize(piece);
      const mapped = SYNONYMS[singular];
      if (mapped) {
        out.push(...mapped);
        continue;
      }
      const glued = segmentGlued(singular);
      if (glued) {
        for (const g of glued) out.push(...(SYNONYMS[g] ?? [singularize(g)]));
      } else out.push(singular);
    }
  }
  // Glue words join two words (`date_of_birth`, `fecha_de_nacimiento`): at a name's start they are a word of their own
  // (the Dutch `aNummer`, an administration number), so a bare `nummer` is not read as one.
  const tokens = Object.freeze(out.filter((t, i) => !(STOP_WORDS.has(t) && i > 0)));
  if (tokenCache.size > 200_000) tokenCache.clear();
  tokenCache.set(name, tokens);
  return tokens;
}

/** A field path split into its location prefix and its named segments (leaf last). */
export interface ParsedPath {
  location?: FieldLocation;
  status?: string;
  /** Raw segment names after the location prefix, array markers removed; leaf last. */
  segments: readonly string[];
}

const LOCATIONS: Record<string, FieldLocation> = {
  request: 'request',
  req: 'request',
  body: 'request',
  response: 'response',
  res: 'response',
  query: 'query',
  path: 'path',
  header: 'header',
  headers: 'header',
  cookie: 'cookie',
  cookies: 'cookie',
};

const pathCache = new Map<string, ParsedPath>();

/**
 * A FHIR extension named by its URL (`extension[iso21090-ADXP-houseNumber].valueString`,
 * `name.family.extension[humanname-own-name]`): the URL's last part names the element, its `value[x]` is the value.
 */
const FHIR_EXTENSION = /\.?(?:modifierE|e)xtension\[([^\]]*[A-Za-z][^\]]*)\](?:\.value[A-Z][A-Za-z]*(?=\.|$))?/g;

/**
 * Splits `response.200.patient.name[].given[]`, `$.data[0].email`, `/contact/0/email` or `Patient.telecom.value` into
 * location, status and named segments.
 */
export function parseFieldPath(path: string): ParsedPath {
  const cached = pathCache.get(path);
  if (cached !== undefined) return cached;
  const raw = path
    .replace(FHIR_EXTENSION, (_, url: string) => `.${url.slice(url.lastIndexOf('/') + 1)}.`)
    .replace(/\[[^\]]*\]/g, '.')
    .split(/[./]+/)
    .filter((s) => s.length > 0 && s !== '$' && s !== '*' && s !== '{*}' && !/^\d+$/.test(s));
  let location: FieldLocation | undefined;
  let status: string | undefined;
  let start = 0;
  const first = raw[0]?.toLowerCase();
  if (first !== undefined && LOCATIONS[first] !== undefined && raw.length > 1) {
    location = LOCATIONS[first];
    start = 1;
    const statusMatch = /^(?:[1-5](?:\d\d|XX)|default)$/i.exec(path.split(/[./]+/)[1] ?? '');
    if (location === 'response' && statusMatch) status = statusMatch[0];
  }
  const segments = raw.slice(start).filter((s) => !/^(?:[1-5]XX|default)$/i.test(s));
  const parsed: ParsedPath = { location, status, segments };
  // Paths are mostly unique; a small cache serves repeated CLI and test inputs without churning memory.
  if (pathCache.size < 20_000) pathCache.set(path, parsed);
  return parsed;
}
