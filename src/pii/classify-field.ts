import {
  type ClassifierOptions,
  DEFAULT_CLASSIFIER_OPTIONS,
  isAllowListed,
  matchCustomCategory,
} from './classifier-options.js';
import {
  CHANGING_TAILS,
  CONTEXT_RULES,
  DESCRIPTION_PHRASES,
  ENTITIES,
  type EntityDef,
  type EntityKey,
  FHIR_CLAIM_CARE_DATES,
  FHIR_CLAIM_ELEMENTS,
  FHIR_CLAIM_RESOURCES,
  FHIR_CLINICAL_ELEMENTS,
  FHIR_CLINICAL_RESOURCES,
  FHIR_IDENTIFIER_SYSTEMS,
  FHIR_IDENTIFIER_TYPE_CODES,
  FHIR_RESOURCE_SUBJECTS,
  FHIR_TELECOM_SYSTEMS,
  HEAD_FIRST_NEGATORS,
  HEALTH_WORDS,
  INFRASTRUCTURE_WORDS,
  NAME_PHRASES,
  type NameStrength,
  NEGATING_MODIFIERS,
  NEGATIVE_HEADS,
  NEUTRAL_TAILS,
  ORGANIZATION_IDENTIFIER_SYSTEM,
  PERSON_REFERENCES,
  RECORD_CARE_DATES,
  SUBJECT_WORDS,
  type ValidatorStrength,
} from './lexicon.js';
import { type ParsedPath, parseFieldPath, tokenizeName } from './tokenize.js';
import type {
  ConfidenceBand,
  FieldClassification,
  FieldInput,
  FieldLocation,
  Subject,
  ValidatorName,
} from './types.js';
import { summarizeValues } from './validators.js';

// Log-odds weights (research A6.6), tuned on the labelled corpus in test/fixtures/pii.
const PRIOR = -3;
const NAME_WEIGHT: Record<NameStrength, number> = { strong: 4.6, medium: 3.0, weak: 1.5 };
const PERSON_CONTEXT = 0.8;
const HEALTH_CONTEXT = 0.8;
const STRUCTURAL = 6;
const FORMAT_SUPPORT = 1.5;
const FORMAT_CONTRA = -2.5;
const DESCRIPTION_SUPPORT = 0.5;
const ENUM_CONTRA = -3;
const VALUE_WEIGHT: Record<ValidatorStrength, number> = { checksum: 6, format: 4.5, weak: 1 };
const VALUE_CONTRA = -2;
const OTHER_ENTITY_VALIDATES = -1.5;
const VALUE_ONLY_CAP: Record<ValidatorStrength, number> = { checksum: 0.55, format: 0.75, weak: 0.3 };
const CHECKSUM_MANY_DISTINCT_CAP = 0.9;
/**
 * Checksums a random string passes about once in a hundred or less (IBAN mod 97, the two check digits of CPF and
 * CNPJ): a spec example passing one says what the field holds, like a declared format. An NPI's or a card's single
 * Luhn digit is passed by one random number in ten, so one example of those still says little.
 */
const STRONG_CHECKSUMS: ReadonlySet<ValidatorName> = new Set(['iban', 'cpf', 'cnpj']);
const NAME_ONLY_CAP = 0.95;
const LIKELY = 0.6;

/**
 * First words of the free lines of an address (French `ligneVoie`, `complementIdentiteGeo`, Open Finance
 * `additionalInfo`): under an address, a line is part of it whatever follows.
 */
const ADDRESS_LINE_WORDS = new Set([
  'line',
  'ligne',
  'linea',
  'linha',
  'complement',
  'complemento',
  'zusatz',
  'toevoeging',
  'additional',
  'extra',
]);

const TRANSPARENT_WRAPPERS = new Set([
  'value',
  'data',
  'item',
  'detail',
  'info',
  'entry',
  'element',
  'record',
  'result',
]);

/** Validator → the entities it supports and how strongly; built once instead of scanning every entity per hit. */
const VALIDATOR_ENTITIES: ReadonlyMap<ValidatorName, readonly [EntityKey, ValidatorStrength][]> = (() => {
  const index = new Map<ValidatorName, [EntityKey, ValidatorStrength][]>();
  for (const [key, def] of Object.entries(ENTITIES) as [EntityKey, EntityDef][]) {
    for (const [validator, strength] of Object.entries(def.validators ?? {}) as [ValidatorName, ValidatorStrength][]) {
      const list = index.get(validator) ?? [];
      list.push([key, strength]);
      index.set(validator, list);
    }
  }
  return index;
})();

const STRENGTH_RANK: Record<NameStrength, number> = { weak: 0, medium: 1, strong: 2 };

interface PhraseEntry {
  entity: EntityKey | 'none';
  strength: NameStrength;
  length: number;
}

/** Phrase → entries, phrases tokenised the same way as field names so both sides agree. */
const PHRASES: ReadonlyMap<string, PhraseEntry[]> = (() => {
  const index = new Map<string, PhraseEntry[]>();
  const add = (phrase: string, entry: Omit<PhraseEntry, 'length'>): void => {
    const tokens = tokenizeName(phrase.replace(/ /g, '_'));
    if (tokens.length === 0) return;
    const key = tokens.join(' ');
    const list = index.get(key) ?? [];
    list.push({ ...entry, length: tokens.length });
    index.set(key, list);
  };
  for (const [entity, byStrength] of Object.entries(NAME_PHRASES) as [
    EntityKey,
    Partial<Record<NameStrength, string[]>>,
  ][]) {
    for (const [strength, phrases] of Object.entries(byStrength) as [NameStrength, string[]][]) {
      for (const phrase of phrases) add(phrase, { entity, strength });
    }
  }
  for (const phrase of NEGATIVE_HEADS) {
    const tokens = tokenizeName(phrase.replace(/ /g, '_')).join(' ');
    // A negative phrase that is also an entity phrase (none today) would lose to the entity.
    if (!index.has(tokens)) add(phrase, { entity: 'none', strength: 'strong' });
  }
  return index;
})();
const MAX_PHRASE = 6;

/** What a name (one segment) says on its own. */
interface NameAnalysis {
  tokens: readonly string[];
  /** The tokens joined by spaces, computed once: phrase lookups run for every field. */
  phrase: string;
  entity?: EntityKey;
  strength?: NameStrength;
  /** A negative head (`id`, `createdAt`), a changing tail (`emailVerified`) or a negating modifier (`maxAge`). */
  negative?: string;
  /** Subject named inside the name (`customerEmail`, `companyName`, `accountHolderName`). */
  subject?: Subject;
  /** Tokens mention health data (`diagnosisCode`, `patients`). */
  health: boolean;
}

/**
 * The agent of an action, `<participle> by` (`created_by`, `owned_by`, `accessible_by`, GitHub `merged_by`): the user
 * who did it, a person. `sort_by` or `group_by` name no action done by anyone.
 */
const AGENT_PARTICIPLE = /(?:[^e]ed|[^e]en|ible|able)$/;

/**
 * Audit fields often put the verb's base form before `by` (`update_by_name`, `create_by`): the agent is still the user
 * who did it. Only verbs of record keeping, so that `sort_by` and `group_by` stay instructions.
 */
const AUDIT_VERBS = new Set([
  'create',
  'update',
  'modify',
  'delete',
  'approve',
  'submit',
  'assign',
  'change',
  'edit',
  'close',
  'resolve',
  'review',
  'verify',
  'upload',
  'invite',
  'cancel',
  'archive',
]);

/**
 * Roles of a party to an account or a payment, which a company holds as often as a person: qualified by an
 * organisation word (`BusinessCardHolder`, `company_customer`) they name the organisation. Roles only people hold
 * (`business_owner`, `company_contact`, `corporate_user`) stay people's.
 */
const PARTY_ROLES = new Set([
  'holder',
  'card holder',
  'cardholder',
  'account holder',
  'customer',
  'client',
  'payer',
  'payee',
  'recipient',
  'seller',
]);

/**
 * Organisations that are parties themselves, or a party's own facility (a business's `Lockbox`), as opposed to the
 * payments and documents between parties (`invoice`, `payout`), whose recipient may be anyone.
 */
const ORGANISATION_PARTIES = new Set([
  'organization',
  'company',
  'business',
  'merchant',
  'vendor',
  'supplier',
  'bank',
  'institution',
  'platform',
  'store',
  'shop',
  'enterprise',
  'employer',
  'lockbox',
]);

/**
 * The same role named by a field of an organisation party (`Lockbox.recipient_name`, `Merchant.account_holder_name`):
 * the organisation holds it, as `company_customer` names the company.
 */
function isRoleOfOrganisationParty(leaf: NameAnalysis, parent: EnclosingContext | undefined): boolean {
  if (parent?.subject !== 'organization' || !ORGANISATION_PARTIES.has(parent.analysis.tokens.at(-1) ?? ''))
    return false;
  const tokens = leaf.tokens;
  for (let i = 0; i < tokens.length; i++)
    if (PARTY_ROLES.has(tokens[i]!) || (i + 1 < tokens.length && PARTY_ROLES.has(`${tokens[i]} ${tokens[i + 1]}`)))
      return true;
  return false;
}

/**
 * What `contact` qualifies when it means the act of reaching someone, not a contact person: `contact_details`,
 * `contact_identifier` and `contact_method` are the means of reaching whoever the record is (an invoice's issuer), and
 * name no person of their own.
 */
const CONTACT_MEANS = new Set([
  'detail',
  'info',
  'information',
  'identifier',
  'method',
  'channel',
  'preference',
  'phone',
  'email',
  'telephone',
  'number',
  'fax',
  'mobile',
]);

function subjectAt(tokens: readonly string[], end: number): [Subject, number] | undefined {
  if (
    end >= 2 &&
    tokens[end - 1] === 'by' &&
    (AGENT_PARTICIPLE.test(tokens[end - 2]!) || AUDIT_VERBS.has(tokens[end - 2]!))
  )
    return ['person', 2];
  if (tokens[end - 1] === 'contact' && CONTACT_MEANS.has(tokens[end] ?? '')) return undefined;
  let hit: [Subject, number] | undefined;
  if (end >= 2) {
    const two = SUBJECT_WORDS.get(`${tokens[end - 2]} ${tokens[end - 1]}`);
    if (two !== undefined) hit = [two, 2];
  }
  if (hit === undefined) {
    const one = SUBJECT_WORDS.get(tokens[end - 1]!);
    if (one !== undefined) hit = [one, 1];
  }
  if (hit !== undefined && hit[0] === 'person' && end - hit[1] >= 1) {
    const role = tokens.slice(end - hit[1], end).join(' ');
    const qualifier = SUBJECT_WORDS.get(tokens[end - hit[1] - 1]!);
    if (PARTY_ROLES.has(role) && qualifier === 'organization') return ['organization', hit[1] + 1];
  }
  return hit;
}

/** Nearest subject word scanning right to left over tokens[from, to). */
function scanSubject(tokens: readonly string[], from: number, to: number, onlyPeople = false): Subject | undefined {
  for (let end = to; end > from; end--) {
    const hit = subjectAt(tokens, end);
    if (hit === undefined || end - hit[1] < from) continue;
    if (onlyPeople && hit[0] !== 'person' && hit[0] !== 'patient' && hit[0] !== 'provider') continue;
    return hit[0];
  }
  return undefined;
}

/** A word of the list, alone or as a two-word phrase (`floating ip`), is among the tokens. */
function hasListedWord(words: ReadonlySet<string>, tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (words.has(tokens[i]!)) return true;
    if (i + 1 < tokens.length && words.has(`${tokens[i]} ${tokens[i + 1]}`)) return true;
  }
  return false;
}

const hasHealthWord = (tokens: readonly string[]): boolean => hasListedWord(HEALTH_WORDS, tokens);

/** The bare words for "name": a modifier before them says whose or what name it is (`DatasourceName`, `townName`). */
const GENERIC_NAME_WORDS = new Set(['name', 'nom', 'nombre', 'nome', 'naam', 'namen', 'navn', 'namn']);
/** The kinds of a person's name (`firstName`, `name-first`). */
const PERSON_NAME_KINDS = ['first', 'last', 'given', 'family', 'middle', 'full'];
/** The parts only a person's name has (a repository has a `full_name`, never a `last_name`). */
const PERSON_NAME_PARTS = new Set(PERSON_NAME_KINDS.filter((k) => k !== 'full'));
/** Modifiers that keep a name a person's: its kind, script or form (`civilName`, `ISOLatin1Name`, `aliasName`). */
const PERSON_NAME_QUALIFIERS = new Set([
  ...PERSON_NAME_KINDS,
  'sur',
  'fore',
  'maiden',
  'birth',
  'married',
  'nick',
  'display',
  'alias',
  'civil',
  'social',
  'verified',
  'preferred',
  'legal',
  'common',
  'known',
  'alternate',
  'alternative',
  'previous',
  'former',
  'iso',
  'latin',
  'kana',
  'kanji',
  'katakana',
  'hiragana',
  'romanized',
  'romaji',
  'native',
  'local',
  'ascii',
  'transliterated',
  'phonetic',
  'ligne',
  'line',
  'printed',
  'print',
  'formal',
  'short',
  'complete',
  'real',
  'primary',
  'secondary',
  'second',
  // How a person's name is shown on a platform: Discord's `global_name`, Twitter's `screen_name`.
  'global',
  'screen',
]);

/**
 * `<noun> name` whose noun is neither a person word nor a kind of personal name is the name of that noun: a data
 * source, a configuration, a town. When the noun is itself a personal entity (`townName`, `districtName`), the field
 * is that entity; otherwise the name is a thing's.
 */
function ownerOfName(analysis: NameAnalysis, tokens: readonly string[], start: number, end: number): void {
  if (end - start !== 1 || !GENERIC_NAME_WORDS.has(tokens[start]!)) return;
  const modifiers = tokens.slice(0, start);
  if (modifiers.every((t) => PERSON_NAME_QUALIFIERS.has(t) || /^\d+$/.test(t))) return;
  const prefix = analyzeName(modifiers.join('_'));
  if (prefix.entity !== undefined && prefix.entity !== 'name' && prefix.strength !== undefined) {
    analysis.entity = prefix.entity;
    analysis.strength = prefix.strength === 'strong' ? 'medium' : prefix.strength;
  } else if (prefix.subject === undefined) analysis.subject = 'thing';
  else analysis.subject = prefix.subject;
}

/**
 * Machine words that describe a person's contact when they qualify an e-mail or a phone: a meeting's `host`, a
 * profile's `public_email`, a `private` number. A `host` name or a `public` IP stays a machine's.
 */
const CONTACT_SCOPES = new Set(['host', 'public', 'private', 'internal', 'external']);

/**
 * Ciphertext of a personal value (Adyen `encryptedCardNumber`) identifies no one without its key, like a hash. Only for
 * PII: an encrypted password or key is still reported as a secret.
 */
const CIPHERTEXT_MODIFIERS = new Set(['encrypted']);

/** A word naming a person after a personal phrase says whose it is (`nomeMae`: the mother's name), not what. */
const isPersonWord = (token: string): boolean => {
  const subject = SUBJECT_WORDS.get(token);
  return subject === 'person' || subject === 'patient';
};

/** Tails that name a part of the entity, not a change of it (see {@link analyzeName}). */
const PART_TAILS: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  ['address', new Set(['extension', 'addition', 'suffix', 'toevoeging', 'zusatz', 'complement', 'letter', 'part'])],
  ['url', new Set(['url', 'uri', 'link'])],
  // A photo is served from a link: a `selfie_url` or `face_image_uri` is the photo, and so is a link template that
  // leaves only the image's size open (`avatar_template`: `/user_avatar/host/jane/{size}/4_2.png`).
  ['photo', new Set(['url', 'uri', 'link', 'file', 'template'])],
  [
    'name',
    new Set([
      'kana',
      'hankaku',
      'zenkaku',
      'kanji',
      'katakana',
      'hiragana',
      'romaji',
      'latin',
      'transliterated',
      'native',
      // Kebab-case orders the kind after the word (`name-first`, `name-last`).
      ...PERSON_NAME_KINDS,
      // A name as printed on a document (`nameOnCard`, `name_on_account`) is still a name.
      'on',
      'legal',
      'preferred',
    ]),
  ],
]);

const nameCache = new Map<string, NameAnalysis>();

/** Words that name an IP address's geolocation (`ip_geo_city`, `ip_location_city`). */
const IP_LOCATION_WORDS = new Set(['geo', 'geolocation', 'location']);

/** Analyses one name: its best phrase (latest end, then longest), tail and modifiers. Memoised. */
export function analyzeName(name: string): NameAnalysis {
  const cached = nameCache.get(name);
  if (cached !== undefined) return cached;
  const tokens = tokenizeName(name);
  const analysis: NameAnalysis = { tokens, phrase: tokens.join(' '), health: hasHealthWord(tokens) };
  let best: (PhraseEntry & { start: number; end: number }) | undefined;
  for (let end = tokens.length; end > 0 && best === undefined; end--) {
    for (let start = Math.max(0, end - MAX_PHRASE); start < end; start++) {
      const entries = PHRASES.get(tokens.slice(start, end).join(' '));
      if (entries === undefined) continue;
      // Longest phrase ending here wins; among entries of one phrase, the strongest.
      const entry = entries.reduce((a, b) => (STRENGTH_RANK[b.strength] > STRENGTH_RANK[a.strength] ? b : a));
      best = { ...entry, start, end };
      break;
    }
  }
  if (best !== undefined) {
    if (best.entity === 'none') {
      // A negative word that only qualifies a person word after it (`object_owner`, `session_user`) names whose thing
      // the person is: the field is the person, and what its values are decides what it holds.
      if (!(best.end === tokens.length - 1 && isPersonWord(tokens[best.end]!)))
        analysis.negative = tokens.slice(best.start, best.end).join(' ');
      else analysis.subject = SUBJECT_WORDS.get(tokens[best.end]!);
    } else {
      let strength: NameStrength | undefined = best.strength;
      const tail = tokens.slice(best.end);
      // A part of an address (`houseNumberExtension`, `huisnummertoevoeging`) or a name in another script
      // (`nameKanaHankaku`) is still the address or the name.
      const partTails = PART_TAILS.get(best.entity);
      // What follows `on` is where the name is printed (`name_on_card`): it says where, not what, the value is, and
      // the name printed on a card or an account is its holder's.
      const printedOn = best.entity === 'name' && tail[0] === 'on';
      if (printedOn) tail.length = 1;
      const changing = tail.find((t) => CHANGING_TAILS.has(t) && partTails?.has(t) !== true);
      if (changing !== undefined) analysis.negative = `tail:${changing}`;
      else if (
        tail.some((t) => !NEUTRAL_TAILS.has(t) && partTails?.has(t) !== true && !isPersonWord(t) && !/^\d+$/.test(t))
      ) {
        strength = strength === 'strong' ? 'medium' : strength === 'medium' ? 'weak' : undefined;
      }
      // A meeting's or a listing's host has an email and a phone; a `host` name or address is a machine's.
      const owner = tail.find(isPersonWord);
      if (owner !== undefined) analysis.subject = SUBJECT_WORDS.get(owner);
      // The place an IP address is located at (`ip_geo_city`) is where its user is: `ip` before a geolocation word says
      // where the place was read from, not that it is a machine's.
      const located = (i: number): boolean =>
        tokens[i] === 'ip' && best.entity === 'address' && IP_LOCATION_WORDS.has(tokens[i + 1] ?? '');
      const negating = tokens
        .slice(0, best.start)
        .find(
          (t, i) =>
            (NEGATING_MODIFIERS.has(t) || CIPHERTEXT_MODIFIERS.has(t)) &&
            !(CONTACT_SCOPES.has(t) && (best.entity === 'email' || best.entity === 'phone')) &&
            !located(i),
        );
      if (negating !== undefined) analysis.negative = `modifier:${negating}`;
      if (analysis.negative === undefined && strength !== undefined) {
        analysis.entity = best.entity;
        analysis.strength = strength;
        if (printedOn) analysis.subject = 'person';
      }
      analysis.subject =
        scanSubject(tokens, 0, best.start) ??
        scanSubject(tokens, best.start, best.end, true) ??
        analysis.subject ??
        undefined;
      // A platform or service before an online identifier says where the account is, not whose it is
      // (`platform_username`, `github_login`): the account is still a person's.
      if (best.entity === 'username' && analysis.subject === 'organization') analysis.subject = undefined;
    }
  }
  // `familyNameAtBirth`, `nomNaissance`: `birth` qualifies the personal phrase before it, which decides.
  if (best !== undefined && best.entity === 'birthDate' && best.end - best.start === 1 && best.start > 0) {
    const before = tokens.slice(0, tokens[best.start - 1] === 'at' ? best.start - 1 : best.start);
    const qualified = before.length > 0 ? analyzeName(before.join('_')) : undefined;
    if (qualified?.entity !== undefined && qualified.entity !== 'birthDate' && qualified.strength !== undefined) {
      const result = { ...qualified, tokens, phrase: analysis.phrase };
      nameCache.set(name, result);
      return result;
    }
  }
  if (analysis.subject === undefined && best === undefined) analysis.subject = scanSubject(tokens, 0, tokens.length);
  else if (best !== undefined && analysis.entity === 'name' && analysis.subject === undefined && best.start > 0)
    ownerOfName(analysis, tokens, best.start, best.end);
  if (nameCache.size > 200_000) nameCache.clear();
  nameCache.set(name, analysis);
  return analysis;
}

/**
 * Objects that hold a place's coordinates (`address.extension[nz-geocode]`, `geo`, `coordinates`): where the thing
 * around them is, with no subject of their own (`code` in `geocode` does not make them a code's).
 */
const COORDINATE_WRAPPER = /(?:^|\s)(?:geo ?code|geo|coordinates?|geo ?location|lat ?lng|lat ?long)$/;

/** Context of an enclosing name: its subject (the right-most subject word) and whether it speaks of health. */
interface EnclosingContext {
  subject?: Subject;
  health: boolean;
  analysis: NameAnalysis;
}
const enclosingCache = new Map<string, EnclosingContext>();

/** Words a code generator appends to a schema's resource (`GetUserResponseContent`, `…AllOfDataItemsInnerItem`). */
const GENERATED_TAILS = new Set(['response', 'request', 'content', 'item', 'inner', 'all', 'data', 'body']);
/**
 * A generated schema name wraps its resource in request, response and item words (`GetUserResponseContent`,
 * `GetPersonSearchResponseAllOfDataItemsInnerItem`): a person named before them is whose the schema is, where the
 * wrapper words alone would make it a thing's.
 */
function generatedWrapperOfPerson(name: string, tokens: readonly string[]): Subject | undefined {
  if (!/^[A-Z]/.test(name) || tokens.length < 3 || !GENERATED_TAILS.has(tokens.at(-1)!)) return undefined;
  let cut = tokens.length;
  while (cut > 1 && GENERATED_TAILS.has(tokens[cut - 1]!)) cut--;
  return scanSubject(tokens, 0, cut, true);
}

/**
 * A generated variant of a schema is named for what it requires (`ContactCreateWithFirstName`,
 * `ContactCreateWithCompanyName`: a contact given by a person's first name or by a company's name): the words after
 * `with` name a field of the variant, not whose the schema is, so its subject is read from the words before.
 */
function generatedVariantSubject(name: string, tokens: readonly string[]): Subject | undefined {
  const at = tokens.indexOf('with');
  if (!/^[A-Z]/.test(name) || at < 1 || at === tokens.length - 1) return undefined;
  return scanSubject(tokens, 0, at);
}

/**
 * An address named for a party of a mail or a shipment (`addressFrom`, `to_address`): the sender's or the recipient's
 * address, a person's unless a nearer name says an organisation's, as a letter's `to` contact is. A return address is
 * not one of them: it is the lexicon's organisation phrase (a merchant's or a card programme's).
 */
function correspondentAddress(analysis: NameAnalysis): Subject | undefined {
  if (analysis.entity !== 'address' || analysis.tokens.length !== 2) return undefined;
  const [a, b] = analysis.tokens as [string, string];
  const party = a === 'address' ? b : b === 'address' ? a : undefined;
  return party !== undefined && MAIL_PARTIES.has(party) ? 'person' : undefined;
}

/**
 * Real property: a property's, a listing's or a building's record (`PropertyDetailsResponse`, an MLS `listings[]`) is
 * a thing's, so its own address, coordinates and parcel locate the property, not a person; its owners, buyers and
 * agents are named by nearer names (`owner_names`, `listing_agent`), and an owned property's address inside a person's
 * record (`matches[].property_ownership[]`) stays the person's through the person farther out.
 */
const REAL_PROPERTY_WORDS = new Set(['property', 'listing', 'building', 'premise', 'plot', 'realty']);
/** Two-word names of real property; a shipping parcel alone is not one. */
const REAL_PROPERTY_PHRASES = new Set(['real estate', 'land parcel', 'cadastral parcel']);
function realPropertySubject(tokens: readonly string[]): Subject | undefined {
  const named =
    tokens.some((t) => REAL_PROPERTY_WORDS.has(t)) ||
    tokens.some((t, i) => i > 0 && REAL_PROPERTY_PHRASES.has(`${tokens[i - 1]} ${t}`));
  return named && scanSubject(tokens, 0, tokens.length, true) === undefined ? 'thing' : undefined;
}

function enclosingContext(name: string): EnclosingContext {
  const cached = enclosingCache.get(name);
  if (cached !== undefined) return cached;
  const analysis = analyzeName(name);
  const tokens = analysis.tokens;
  // FHIR resource types are written in PascalCase (`Medication`); a patient's `medications[]` is not the resource.
  const fhir = /^[A-Z]/.test(name) ? FHIR_RESOURCE_SUBJECTS.get(tokens.join(' ')) : undefined;
  // A plural `…Fields` or `…Attributes` groups fields (`DataFields`, `AdditionalFields`): it names no subject of its own.
  const group = /(?:fields|attributes|properties)$/i.test(name) || COORDINATE_WRAPPER.test(analysis.phrase);
  const context: EnclosingContext = {
    // A name that is itself a personal entity (`DriverLicence`, `passport`) takes its subject from its modifiers:
    // `licence` or `card` inside it do not make the fields below a thing's.
    subject: group
      ? undefined
      : (fhir ??
        // An application a person word qualifies (`IndividualApplication`, `consumer_application`) is that person's
        // account or loan application, not a software application.
        (tokens.length > 1 &&
        tokens.at(-1) === 'application' &&
        scanSubject(tokens, 0, tokens.length - 1, true) === 'person'
          ? 'person'
          : undefined) ??
        // A whole compound that is a subject phrase says whose it is, even when it is also an entity
        // (`return_address`).
        (tokens.length > 1 ? SUBJECT_WORDS.get(analysis.phrase) : undefined) ??
        generatedWrapperOfPerson(name, tokens) ??
        generatedVariantSubject(name, tokens) ??
        correspondentAddress(analysis) ??
        realPropertySubject(tokens) ??
        (analysis.entity !== undefined ? analysis.subject : scanSubject(tokens, 0, tokens.length))),
    // A FHIR RelatedPerson is a patient's relative or guardian (its `patient` reference is required): health context.
    health: analysis.health || (fhir !== undefined && tokens.join(' ') === 'related person'),
    analysis,
  };
  if (enclosingCache.size > 200_000) enclosingCache.clear();
  enclosingCache.set(name, context);
  return context;
}

/** What the enclosing names say together: read once per ancestry (or path) and shared by every field under it. */
interface Enclosure {
  /** Enclosing names' contexts, nearest first. */
  contexts: readonly EnclosingContext[];
  /** The FHIR resource type a profile or schema name wraps (`Observation` under `VRDRDecedentAge`), read as the root. */
  resource?: string;
  /** The profile wrapping the resource is named for a non-clinical attribute it records (`DecedentAge`). */
  attributeProfile: boolean;
  /** That attribute is the record's identifier (`BirthRecordIdentifier`). */
  recordIdentifierProfile: boolean;
  /** Subject of the nearest enclosing name that names one. */
  subject?: Subject;
  health: boolean;
  infrastructure: boolean;
  /** Some enclosing name is a payer (`payer.name` of a health plan). */
  payer: boolean;
  /**
   * The subject's name is a role that is a patient in health APIs and a payee elsewhere (`beneficiary`); its health
   * sense is not counted in `health`, which then says only what the other enclosing names say.
   */
  healthOnlyInHealthApis: boolean;
  /** The subject comes from a place word (`Location`), which is a person's place inside a person's record. */
  place: boolean;
  /** Some enclosing name is a mail's correspondent (`to`, `from`): a party of its own, not the mail piece's data. */
  correspondent: boolean;
  /** Some enclosing name farther out than the subject's names a person or a patient. */
  outerPerson: boolean;
  /** The nearest party (a person, a patient or an organisation) farther out than the subject's name. */
  outerParty?: Subject;
}

/** Items of a person's contact lists whose `name` labels the item (a site's name, `Mobile`), not its owner. */
const LABELLED_ITEMS: ReadonlySet<EntityKey> = new Set(['url', 'phone']);

/** Place words that name an organisation's site on their own (FHIR `Location`) but a person's place inside theirs. */
const PLACE_WORDS = new Set(['location', 'site']);
const enclosureByAncestry = new WeakMap<readonly string[], Enclosure>();
const enclosureBySegments = new WeakMap<readonly string[], Enclosure>();

/**
 * Words that name a business relation or a thing of its own but the person's inside a person's record: a spouse, and
 * a job or loan application of a candidate (`Candidate.applications[]`), not a software application.
 */
const PERSONAL_RELATIONS = new Set(['partner', 'application']);

/**
 * Roles that name the insured person in a health API (Medicare's or a FHIR Coverage's `beneficiary`) and whom a payment
 * goes to in a payments API (`transfer.beneficiary.name`): a patient only where something else says health.
 */
const PATIENT_IN_HEALTH_APIS = new Set(['beneficiary']);

/** Roles in a business that are people only there (`VerifiedBusinessCustomer.controller`). */
const KYB_ROLES = new Set(['controller']);

const FIELD_GROUP_HEADS = new Set(['field', 'fields', 'attribute', 'attributes', 'property', 'properties']);

/**
 * Forms of a name that things have too (a repository's `full_name`, a qualification's `shortname`, a group's
 * `display_name`).
 */
const THING_NAME_FORMS = new Set(['full name', 'short name', 'display name']);

/** Regions no address part is: a state, a province, a country, in the languages of the public APIs we read. */
const REGION_WORDS = new Set([
  'state',
  'province',
  'country',
  'region',
  'estado',
  'provincia',
  'pais',
  'land',
  'bundesland',
]);

/** Places with a name of their own inside an address: a town, a municipality, a district (`municipio.nombre`). */
const NAMED_PLACE_WORDS = new Set([
  'city',
  'town',
  'county',
  'district',
  'locality',
  'municipality',
  'ciudad',
  'cidade',
  'ville',
  'stadt',
  'municipio',
  'localidad',
  'localidade',
  'kommune',
  'kommun',
  // A Nordic postcode has a name: its post town (`postnummer.navn`).
  'postnummer',
]);

/** Siblings of an error: a `message` and a `code`. */
function isErrorShaped(siblings: readonly string[] | undefined): boolean {
  if (siblings === undefined) return false;
  let message = false;
  let code = false;
  for (const s of siblings) {
    const head = analyzeName(s).tokens.at(-1);
    if (head === 'message') message = true;
    else if (head === 'code') code = true;
  }
  return message && code;
}

/** Relatives that things have too: a department's, a category's or an organisation's `parent` is one of its kind. */
const THING_RELATIVES = new Set(['parent']);

/** Subject of the nearest enclosing name that names one; a relation word inside a person's record is a person. */
function nearestSubject(contexts: readonly EnclosingContext[]): Subject | undefined {
  const at = contexts.findIndex((c) => c.subject !== undefined);
  if (at < 0) return undefined;
  const nearest = contexts[at]!;
  // A mail piece's correspondent (`Postcard.to`, `Letter.from`) is a party of its own: the thing that carries it (a
  // postcard, whose `card` is a thing's word) does not own the addressee's name and address.
  if (nearest.subject === 'thing' && contexts.slice(0, at).some((c) => MAIL_PARTIES.has(c.analysis.phrase)))
    return undefined;
  // The parent of a thing (`departments[].parent`, a category's parent) is a thing of the same kind, not a person's
  // mother or father: only inside a person's record, or on its own, is a `parent` a relative.
  const outer = contexts[at + 1];
  if (
    THING_RELATIVES.has(nearest.analysis.phrase) &&
    outer !== undefined &&
    outer.subject !== 'person' &&
    outer.subject !== 'patient' &&
    outer.subject !== 'provider'
  )
    return outer.subject === 'organization' ? 'organization' : 'thing';
  if (
    PERSONAL_RELATIONS.has(nearest.analysis.phrase) &&
    contexts.slice(at + 1).some((c) => c.subject === 'person' || c.subject === 'patient')
  )
    return 'person';
  return nearest.subject;
}

/**
 * The enclosure of a field from its given ancestry or, without one, from its path segments (leaf last). Memoised on
 * the array: siblings share their ancestry, and parsed paths are cached, so each parent is read once.
 */
/** FHIR resource types whose elements the classifier reads as FHIR's: clinical, claim and people resources. */
const WRAPPABLE_FHIR_PEOPLE = new Set(['patient', 'related person', 'practitioner', 'practitioner role']);
function isWrappedFhirResource(name: string): boolean {
  if (!/^[A-Z][a-z]/.test(name)) return false;
  const phrase = enclosingContext(name).analysis.phrase;
  return FHIR_CLINICAL_RESOURCES.has(phrase) || FHIR_CLAIM_RESOURCES.has(phrase) || WRAPPABLE_FHIR_PEOPLE.has(phrase);
}

/**
 * A profile that records how a report was handled (`RREicrProcessingStatusObservation`: a status and its reason) or
 * whether a condition must be reported (`RRReportabilityInformationObservation`: a jurisdiction's verdict, the same
 * for every patient with the condition) describes the report, not its patient: its elements are not clinical content.
 */
const REPORT_HANDLING = new Set(['processing', 'reportability']);
function aboutTheReport(profile: string): boolean {
  return enclosingContext(profile).analysis.tokens.some((t) => REPORT_HANDLING.has(t));
}

/**
 * A profile named for an attribute the lexicon knows as no clinical finding (`DecedentAge`, `DeathDate`, a coded race
 * and ethnicity, `BirthRecordIdentifier`) records that attribute of a person or of the record: the Observation only
 * carries it, so its code and value are that attribute (a date, an age, a demographic, the record's number and its
 * parts), not clinical content. A profile named for a finding or named by no known attribute (`CauseOfDeathPart1`,
 * `TravelHistory`) keeps the resource's reading.
 */
function namesAnAttribute(profile: string): boolean {
  const analysis = enclosingContext(profile).analysis;
  return (analysis.entity !== undefined && analysis.entity !== 'healthData') || namesARecordIdentifier(profile);
}
const RECORD_IDENTIFIER_WORDS = new Set(['identifier']);
function namesARecordIdentifier(profile: string): boolean {
  return enclosingContext(profile).analysis.tokens.some((t) => RECORD_IDENTIFIER_WORDS.has(t));
}

function enclosureOf(ancestry: readonly string[] | undefined, segments: readonly string[]): Enclosure {
  const cache = ancestry !== undefined ? enclosureByAncestry : enclosureBySegments;
  const key = ancestry ?? segments;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const names = ancestry ?? segments.slice(0, -1).reverse();
  // A profile or schema name above a FHIR resource type (`VRDRDecedentAge.Observation.valueQuantity`,
  // `TravelHistory.Observation.component[]`) wraps the resource: its elements are read from the resource down, as
  // they are when the path starts at the resource. Only one wrapper, at the root, and only resources whose elements
  // are FHIR's, so a PascalCase `Location` inside a vendor's `DataFields` keeps its record around it.
  const root = names.length - 2;
  const wrapped = root >= 0 && isWrappedFhirResource(names[root]!) && !aboutTheReport(names.at(-1)!);
  const contexts = (wrapped ? names.slice(0, -1) : names).map(enclosingContext);
  // A FHIR Bundle's `entry[].resource` wraps whatever resource the operation returns: it names no subject of its own.
  for (let i = 0; i + 1 < contexts.length; i++)
    if (contexts[i]!.analysis.phrase === 'resource' && contexts[i + 1]!.analysis.phrase === 'entry')
      contexts[i] = { ...contexts[i]!, subject: undefined };
  // A business's controller (the person with significant control, whom KYB checks like an owner) is a person; only
  // under an organisation, since a controller elsewhere is as often software.
  for (let i = 0; i + 1 < contexts.length; i++)
    if (
      contexts[i]!.subject === undefined &&
      KYB_ROLES.has(contexts[i]!.analysis.phrase) &&
      contexts.slice(i + 1).some((c) => c.subject === 'organization')
    )
      contexts[i] = { ...contexts[i]!, subject: 'person' };
  const at = contexts.findIndex((c) => c.subject !== undefined);
  const enclosure: Enclosure = {
    contexts,
    resource: wrapped ? names[root] : undefined,
    attributeProfile: wrapped && namesAnAttribute(names.at(-1)!),
    recordIdentifierProfile: wrapped && namesARecordIdentifier(names.at(-1)!),
    subject: nearestSubject(contexts),
    health: contexts.some((c) => c.health && !PATIENT_IN_HEALTH_APIS.has(c.analysis.phrase)),
    infrastructure: contexts.some((c) => hasListedWord(INFRASTRUCTURE_WORDS, c.analysis.tokens)),
    payer: contexts.some((c) => c.analysis.tokens.includes('payer')),
    healthOnlyInHealthApis: at >= 0 && PATIENT_IN_HEALTH_APIS.has(contexts[at]!.analysis.phrase),
    place: at >= 0 && PLACE_WORDS.has(contexts[at]!.analysis.phrase),
    correspondent: contexts.some((c) => MAIL_PARTIES.has(c.analysis.phrase)),
    outerPerson: at >= 0 && contexts.slice(at + 1).some((c) => c.subject === 'person' || c.subject === 'patient'),
    outerParty:
      at < 0
        ? undefined
        : contexts
            .slice(at + 1)
            .find((c) => c.subject === 'person' || c.subject === 'patient' || c.subject === 'organization')?.subject,
  };
  cache.set(key, enclosure);
  return enclosure;
}

/** Operation context: path resources nearest last (`/patients/{id}/allergies` → allergy, patient). */
interface OperationContext {
  subject?: Subject;
  health: boolean;
  infrastructure: boolean;
  /** The FHIR resource type a FHIR REST path ends in (`POST /Coverage`, `GET /Patient/{id}`), as a phrase. */
  fhirResource?: string;
}
const operationCache = new Map<string, OperationContext>();
const NO_OPERATION: OperationContext = Object.freeze({ health: false, infrastructure: false });

function operationContext(operation: string | undefined): OperationContext {
  if (operation === undefined) return NO_OPERATION;
  const cached = operationCache.get(operation);
  if (cached !== undefined) return cached;
  const path = operation.replace(/^[A-Z]+\s+/, '');
  const statics = path
    .split('/')
    .filter((s) => s.length > 0 && !s.includes('{') && !s.startsWith(':') && !/^v\d+$/i.test(s));
  let subject: Subject | undefined;
  let health = false;
  let infrastructure = false;
  for (let i = statics.length - 1; i >= 0; i--) {
    const ctx = enclosingContext(statics[i]!);
    subject ??= ctx.subject;
    health ||= ctx.health;
    infrastructure ||= hasListedWord(INFRASTRUCTURE_WORDS, ctx.analysis.tokens);
  }
  // An identity-verification operation (`/verifications/v1/verify`, `/kyc/match`) is about the person it checks;
  // only in the operation's path, where `verification` names the check, not inside a payload.
  if (subject === undefined && statics.some((s) => /^(?:verif(?:y|ications?)|kyc)$/i.test(s))) subject = 'person';
  const last = statics.at(-1);
  const fhirResource =
    last !== undefined && /^[A-Z][a-z]/.test(last) ? enclosingContext(last).analysis.phrase : undefined;
  const context = { subject, health, infrastructure, fhirResource };
  if (operationCache.size > 50_000) operationCache.clear();
  operationCache.set(operation, context);
  return context;
}

const PERSON_SIBLING_ENTITIES: ReadonlySet<EntityKey> = new Set(['birthDate', 'ssn', 'demographic']);
const PERSON_SIBLING_WORDS = new Set([
  'given',
  'family',
  'first name',
  'last name',
  'surname',
  'middle name',
  'birth date',
  'gender',
  'sex',
  'ssn',
  'dob',
  'date birth',
]);

const siblingVerdicts = new WeakMap<readonly string[], boolean>();

/** Fields only an organisation has: its trade, tax and registry identity. */
const ORGANISATION_SIBLING_WORDS = new Set([
  'business category',
  'vat number',
  'registration number',
  'company number',
  'legal entity',
  'legal form',
  'trade name',
  'incorporation date',
  'ein',
  'employer identification number',
  'doing business as',
  // The same in the languages the lexicon reads: a company's or trade name, its chamber-of-commerce or business
  // register number, its VAT number and its legal form (Dutch, German, French, Spanish, Italian, Norwegian).
  'bedrijfsnaam',
  'handelsnaam',
  'kvk nummer',
  'btw nummer',
  'rsin',
  'rechtsvorm',
  'firmenname',
  'handelsregisternummer',
  'rechtsform',
  'raison sociale',
  'siren',
  'siret',
  'razon social',
  'nombre comercial',
  // Portuguese: a company's registered name. Not its CNPJ nor its trade name: a Pix party given by a CPF or a CNPJ,
  // with a `nomeFantasia`, may be a person.
  'razao social',
  'ragione sociale',
  'partita iva',
  'organisasjonsnummer',
  'foretaksnavn',
  // A brand's mark: people have avatars and photos, organisations logos.
  'logo',
  'logo url',
]);
const organisationSiblingVerdicts = new WeakMap<readonly string[], boolean>();

/** Organisation-like siblings (`businessCategory`, `vatNumber`); memoised per sibling array. */
function siblingsAreOrganisationLike(siblings: readonly string[] | undefined): boolean {
  if (siblings === undefined) return false;
  let verdict = organisationSiblingVerdicts.get(siblings);
  if (verdict === undefined) {
    // A person's own fields beside them (`givenName`, `birthDate`) keep the object a person's: a sales-invoice
    // recipient may be a consumer or a business.
    // A field of another party named in it (`LegalRepresentativeFirstName`, `owner_birth_date`) is that party's, and
    // says nothing of whose the object is.
    verdict =
      siblings.some((s) => ORGANISATION_SIBLING_WORDS.has(analyzeName(s).phrase)) &&
      !siblings.some((s) => {
        const analysis = analyzeName(s);
        if (analysis.subject === 'person' || analysis.subject === 'patient') return false;
        return isPersonOnlyField(analysis) || (analysis.entity === 'name' && analysis.strength === 'strong');
      });
    organisationSiblingVerdicts.set(siblings, verdict);
  }
  return verdict;
}

/** Person-like siblings (`given`, `birthDate`, `gender`, or both an email and a phone); memoised per sibling array. */
function siblingsArePersonLike(siblings: readonly string[] | undefined): boolean {
  if (siblings === undefined) return false;
  const cached = siblingVerdicts.get(siblings);
  if (cached !== undefined) return cached;
  const verdict = computeSiblingsPersonLike(siblings);
  siblingVerdicts.set(siblings, verdict);
  return verdict;
}

/** A field only a person has (`given`, `birthDate`, `gender`, `ssn`). */
function isPersonOnlyField(analysis: NameAnalysis): boolean {
  return (
    PERSON_SIBLING_WORDS.has(analysis.phrase) ||
    (analysis.entity !== undefined && PERSON_SIBLING_ENTITIES.has(analysis.entity))
  );
}

/**
 * A field that only a natural person has and that says who they are (`first_name`, `birthDate`, `ssn`), unlike a
 * demographic (`language`) that a repository or a product has too.
 */
function isPersonIdentityField(analysis: NameAnalysis): boolean {
  if (analysis.entity === 'birthDate' || analysis.entity === 'ssn') return true;
  return analysis.entity !== 'demographic' && PERSON_SIBLING_WORDS.has(analysis.phrase);
}

/** Entities only a natural person has, which make the party they are named for a person. */
const PERSON_ONLY_PARTY_ENTITIES: ReadonlySet<EntityKey> = new Set(['birthDate', 'ssn', 'nationalId']);

/**
 * The leaf is a field of a party named before it (`clientNaam`: the client's name), and a sibling of the same party is
 * one only a person has (`clientGeboortedatum`, `clientBSN`).
 */
function partyHasPersonOnlyField(leaf: NameAnalysis, siblings: readonly string[] | undefined): boolean {
  const party = leaf.tokens[0];
  if (siblings === undefined || leaf.entity === undefined || leaf.tokens.length < 2 || party === undefined)
    return false;
  if (!SUBJECT_WORDS.has(party) && !PARTY_ROLES.has(party)) return false;
  // A thing of the party named in the field (`clientBanknaam`: the client's bank's name) is that thing's.
  const rest = analyzeName(leaf.tokens.slice(1).join('_')).subject;
  if (rest !== undefined && rest !== 'person' && rest !== 'patient') return false;
  return siblings.some((s) => {
    const sibling = analyzeName(s);
    if (sibling.tokens[0] !== party || sibling.tokens.length < 2) return false;
    const own = analyzeName(sibling.tokens.slice(1).join('_'));
    return own.entity !== undefined && PERSON_ONLY_PARTY_ENTITIES.has(own.entity);
  });
}

function computeSiblingsPersonLike(siblings: readonly string[]): boolean {
  let contact = 0;
  for (const sibling of siblings) {
    const analysis = analyzeName(sibling);
    if (isPersonOnlyField(analysis)) return true;
    if (analysis.entity === 'email' || analysis.entity === 'phone') contact++;
  }
  return contact >= 2;
}

const singleTypes = new Map<string, ReadonlySet<string>>();
const NO_TYPES: ReadonlySet<string> = new Set();
const listTypes = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The field's JSON types without `null`, arrays read as their item type; one shared set per plain type name. */
function normalizeTypes(input: FieldInput): ReadonlySet<string> {
  const type = input.type;
  // An array whose items are not described says nothing of what it holds (a repeated `birthdate` search parameter).
  if (type === undefined || (type === 'array' && input.itemType === undefined)) return NO_TYPES;
  if (typeof type === 'string' && type !== 'array') {
    let types = singleTypes.get(type);
    if (types === undefined) {
      types = new Set(type === 'null' ? [] : [type]);
      if (singleTypes.size < 1_000) singleTypes.set(type, types);
    }
    return types;
  }
  // Type lists come from schema objects that many fields share: read each list once.
  if (typeof type !== 'string' && input.itemType === undefined) {
    let types = listTypes.get(type);
    if (types === undefined) {
      types = new Set(type.filter((t) => t !== 'null'));
      listTypes.set(type, types);
    }
    return types;
  }
  const raw = input.type === undefined ? [] : typeof input.type === 'string' ? [input.type] : [...input.type];
  const types = new Set<string>();
  for (const t of raw) {
    if (t === 'null') continue;
    if (t === 'array' && input.itemType !== undefined && input.itemType !== 'null') types.add(String(input.itemType));
    else types.add(t);
  }
  return types;
}

function someTypeAllowed(types: ReadonlySet<string>, def: EntityDef): boolean {
  for (const t of types) if (def.types.has(t as never)) return true;
  return false;
}

/** Wilson score 95 % lower bound of k successes in n trials. */
export function wilsonLowerBound(k: number, n: number): number {
  if (n <= 0) return 0;
  const z = 1.96;
  const p = Math.min(1, k / n);
  const denom = 1 + (z * z) / n;
  const centre = p + (z * z) / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return Math.max(0, (centre - margin) / denom);
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Band of a probability (research A6.6). */
export function confidenceBand(p: number): ConfidenceBand {
  if (p >= 0.85) return 'confirmed';
  if (p >= LIKELY) return 'likely';
  if (p >= 0.35) return 'candidate';
  return 'none';
}

interface Candidate {
  entity: EntityKey;
  z: number;
  name: boolean;
  structural: boolean;
  value?: ValidatorStrength;
  valueAllDistinctPass?: boolean;
  /** Every one of the spec's own examples passes a strong checksum (an IBAN's mod 97): the author's statement. */
  valueDeclaredChecksum?: boolean;
  evidence: string[];
}

const DESCRIPTION_PREFILTER = /social|birth|medical record|licen[cs]e|passport|beneficiary|provider identifier/i;

const CONTRA_FORMATS = new Set([
  'uuid',
  'date-time',
  'int32',
  'int64',
  'double',
  'float',
  'password',
  'binary',
  'byte',
  'uri',
  'hostname',
  'ipv4',
  'ipv6',
  'email',
  'date',
  'time',
  'duration',
  'regex',
  'json-pointer',
]);

const DESCRIPTION_SUPPORT_RE: Partial<Record<EntityKey, RegExp>> = {
  email: /e-?mail/i,
  phone: /phone|mobile|telephone/i,
  name: /\bname\b/i,
  address: /\baddress\b|\bcity\b|\bpostal\b|\bzip\b/i,
  birthDate: /\bbirth\b/i,
  ssn: /social security|\bssn\b/i,
  ip: /\bip\b|internet protocol/i,
};
const DESCRIPTION_NEGATIVE_RE =
  /^(?:unique )?identifier (?:for|of) the (?:object|resource)|^whether\b|^(?:true|false) if\b|^the number of\b|^time at which\b|^has the value `?true/i;

const NONE: FieldClassification = Object.freeze({
  pii: false,
  phi: false,
  category: null,
  hipaa: null,
  confidence: 0,
  band: 'none',
  subject: 'unknown',
  evidence: [],
}) as FieldClassification;

function noneWith(subject: Subject, evidence: string[], confidence = 0): FieldClassification {
  return { ...NONE, subject, evidence, confidence };
}

/** Declared or shown to hold dates: a date format, or every value or example a date. */
/** A FHIR extension on the way to a field (its slice name replaces it in the parsed path). */
const EXTENSION_PATH = /(?:^|[.[])(?:modifierE|e)xtension\b/;
/** Extensions nested right under the resource (`Procedure.extension[a].extension[b]`), a profile name allowed above. */
const ROOT_EXTENSIONS = /^(?:[^.[]+\.)?[A-Z][A-Za-z]*((?:\.(?:modifierE|e)xtension\[[^\]]+\])+)/;
function rootExtensionDepth(path: string): number {
  const match = ROOT_EXTENSIONS.exec(path);
  return match === null ? 0 : (match[1]!.match(/xtension\[/g)?.length ?? 0);
}

function isDateShaped(input: FieldInput): boolean {
  const format = input.format?.toLowerCase();
  if (format === 'date' || format === 'date-time') return true;
  const stats =
    input.values ??
    (input.examples !== undefined && input.examples.length > 0 ? summarizeValues(input.examples) : undefined);
  return stats !== undefined && stats.samples > 0 && (stats.hits.date ?? 0) >= stats.samples;
}

function isPersonish(subject: Subject): boolean {
  return subject === 'person' || subject === 'patient' || subject === 'provider';
}

function structuralEntity(
  leaf: NameAnalysis,
  enclosing: readonly EnclosingContext[],
  input: FieldInput,
  fhirResource: string | undefined,
): { entity: EntityKey; reason: string } | undefined {
  if (leaf.tokens[0] !== 'value') return undefined;
  const parent = enclosing[0]?.analysis.phrase;
  if (parent === undefined) return undefined;
  const system = input.structure?.system;
  const typeCode = input.structure?.typeCode;
  // A typed `value[x]` beside its coded kind (a claim's `supportingInfo` of category `medicalrecordnumber`).
  if (leaf.tokens.length === 2 && typeCode !== undefined) {
    const entity = FHIR_IDENTIFIER_TYPE_CODES.get(typeCode.toUpperCase());
    return entity === undefined ? undefined : { entity, reason: `structure:type ${typeCode}` };
  }
  if (leaf.tokens.length !== 1) return undefined;
  if (parent === 'identifier' || parent.endsWith(' identifier')) {
    // The coded type is the more specific of the two (a `PRES` number under a `medicare-prescriber-number` system).
    if (typeCode !== undefined) {
      const entity = FHIR_IDENTIFIER_TYPE_CODES.get(typeCode.toUpperCase());
      if (entity !== undefined) return { entity, reason: `structure:type ${typeCode}` };
    }
    if (system !== undefined) {
      for (const [re, entity] of FHIR_IDENTIFIER_SYSTEMS)
        if (re.test(system)) return { entity, reason: `structure:system ${system}` };
    }
    // FHIR R4 `Coverage.identifier` is the member id or card number the insurer issued (its beneficiary's too); a
    // `contained` resource (the insurer's Organization) is not the Coverage.
    if (fhirResource === 'coverage' && !enclosing.some((c) => c.analysis.phrase === 'contained'))
      return { entity: 'healthPlanId', reason: 'structure:coverage identifier' };
  }
  if ((parent === 'telecom' || parent === 'contact point') && system !== undefined) {
    const entity = FHIR_TELECOM_SYSTEMS.get(system.toLowerCase());
    if (entity !== undefined) return { entity, reason: `structure:telecom ${system}` };
  }
  return undefined;
}

const PATIENT_LINKS = new Set(['patient', 'subject', 'mrn', 'beneficiary', 'member', 'subscriber', 'enrollee']);

const PERSON_ACCOUNT_FIELDS: ReadonlyMap<string, EntityKey> = new Map<string, EntityKey>([
  ['html url', 'url'],
  ['profile url', 'url'],
  ['web url', 'url'],
  ['location', 'address'],
]);
/** The parts of a FHIR HumanName, also the Patient and Person search parameters that match them. */
const HUMAN_NAME_PARTS = new Set(['given', 'family']);
/** Leaf heads that say what a value is only together with their parent's name. */
const GENERIC_HEADS = new Set(['date', 'datum', 'number', 'nummer', 'code']);

/**
 * The entity of the parent's name and a generic leaf read as one phrase (`geboorte` + `datum` → birth date),
 * skipping a parent that repeats the leaf (`geboorte.datum.datum`) or wraps it (`data`); only when the parent says
 * nothing on its own, else component inheritance decides.
 */
function spannedName(
  leaf: NameAnalysis,
  enclosing: readonly EnclosingContext[],
): { entity: EntityKey; strength: NameStrength } | undefined {
  for (let i = 0; i < Math.min(3, enclosing.length); i++) {
    const parent = enclosing[i]!.analysis;
    if (parent.phrase === leaf.phrase || TRANSPARENT_WRAPPERS.has(parent.phrase)) continue;
    if (parent.entity !== undefined || parent.negative !== undefined) return undefined;
    const joined = analyzeName(`${parent.tokens.join('_')}_${leaf.tokens.join('_')}`);
    if (joined.entity === undefined || joined.strength === undefined || joined.negative !== undefined) return undefined;
    return { entity: joined.entity, strength: joined.strength };
  }
  return undefined;
}

/** Where a service, not a person, logs in: a protocol's authentication, a configuration, a connector, a webhook. */
const SERVICE_LOGIN_WORDS = new Set(['http', 'smtp', 'ftp', 'sftp', 'configuration', 'connector', 'webhook']);

/** An enclosing object whose name says neither whose it is nor what it holds (`rejection_reason`, `current_stage`). */
/** Heads of a compound that hold the data of the person named before them (`customer_info`, `user_profile`). */
const PERSON_DATA_HEADS = new Set([
  'info',
  'information',
  'detail',
  'data',
  'record',
  'profile',
  'account',
  'identity',
  'object',
  'entity',
  'ref',
  'reference',
  'summary',
  'resource',
  'party',
  // Messages that carry the person (`create_contact_request`).
  'request',
  'response',
  'body',
  'payload',
  'input',
  'param',
]);

function isUnnamedObject(parent: EnclosingContext | undefined): boolean {
  if (parent === undefined || parent.analysis.entity !== undefined) return false;
  // A numbered party (`declarant1`, `holder_2`) is that party: its number names no thing of theirs.
  const all = parent.analysis.tokens;
  let end = all.length;
  while (end > 1 && /^\d+$/.test(all[end - 1]!)) end--;
  const tokens = all.slice(0, end);
  // A group of fields (`AdditionalFields`) is no object with a name of its own.
  if (FIELD_GROUP_HEADS.has(tokens.at(-1) ?? '')) return false;
  // A person's thing (`employee_deductions`, `user_settings`) is named by its head: the person word only says whose
  // it is, so its bare `name` is the thing's. Heads that hold the person's own data (`customer_info`) stay theirs.
  if (parent.subject !== undefined) {
    const head = tokens.at(-1);
    if (
      head === undefined ||
      tokens.length < 2 ||
      subjectAt(tokens, tokens.length) !== undefined ||
      PERSON_DATA_HEADS.has(head)
    )
      return false;
  }
  // A qualified entity word (`default_address`) still names what the object is: an addressee's name is a person's.
  // A head put first (`soortDigitaalAdres`, the kind of a digital address) makes the entity word a modifier.
  const head = tokens.at(-1);
  if (head === undefined || (!HEAD_FIRST_NEGATORS.has(tokens[0]!) && analyzeName(head).entity !== undefined))
    return false;
  return !TRANSPARENT_WRAPPERS.has(parent.analysis.phrase) && !tokens.includes('name');
}

/** `address.administrative_district_level_2`: the leaf is a named part of its parent's entity. */
function isWholeParentComponent(leaf: NameAnalysis, enclosing: readonly EnclosingContext[]): boolean {
  const parent = enclosing[0]?.analysis.entity;
  if (parent === undefined || leaf.tokens.length < 2) return false;
  return (ENTITIES[parent] as EntityDef).components?.has(leaf.phrase) === true;
}

const RECORD_CARE_DATE_PHRASES: ReadonlySet<string> = new Set(
  RECORD_CARE_DATES.map((p) => tokenizeName(p.replace(/ /g, '_')).join(' ')),
);

/** Devices a subscriber carries, which answer to the subscriber's phone number. */
const SUBSCRIBER_DEVICES = new Set(['device', 'mobile device', 'user equipment', 'handset', 'sim', 'sim card']);

/** Contacts a person is reached at through their work (`company_email`, `office_phone`). */
const WORK_CONTACTS: ReadonlySet<EntityKey> = new Set(['email', 'phone', 'fax']);

const DISPLAY_LEAVES = new Set(['display', 'display name']);
const DISPLAYED_CONTACTS: ReadonlySet<EntityKey> = new Set(['email', 'phone', 'fax', 'username', 'address']);
const CLINICAL_LEAVES = new Set(['text', 'display', 'code', 'value', 'severity', 'description']);
const CODING_WRAPPERS = new Set(['coding', 'concept']);
/** References of a clinical resource to the clinical concept it is about: a condition, a medication, a reason. */
const CLINICAL_REFERENCES = new Set(['condition', 'medication reference', 'reason reference', 'medication']);
/** The leaves of a CodeableConcept: its coding's code and display, and its text. */
const CONCEPT_LEAVES = new Set(['text', 'display', 'code']);
/** Elements inside a clinical element that name a kind, a state or an extension of it, not the concept. */
const NOT_THE_CONCEPT = new Set(['type', 'status', 'category', 'extension', 'modifier']);
/**
 * Words of an extension that records how care was given or handled rather than what it found or treated: its
 * priority, the patient's mode of arrival or body position, who pays, a relative's role (`flagPriority`,
 * `encounter-modeOfArrival`, `observation-bodyPosition`, `ext-encounter-paying-entity`, `roleMotherOrFather`).
 */
const HOW_THE_CARE_WENT = new Set(['priority', 'mode', 'position', 'paying', 'payer', 'role']);
/** What an address is for when only a party has it: being billed, having parcels collected. */
const HOLDER_ADDRESSES = new Set(['billing', 'pickup']);
/** A mail's sender and recipients (`from`, `to`, `cc`, `bcc`, `reply_to`). */
const MAIL_PARTIES = new Set(['from', 'to', 'cc', 'bcc', 'reply to']);
/** Clinical resource types that are common words of other APIs too (a salon's appointment, a feature flag). */
const ALSO_OUTSIDE_HEALTH = new Set(['appointment', 'flag', 'care team', 'device use statement']);
/** The FHIR Dosage data type, as a clinical resource names it. */
const DOSAGES = new Set(['dosage', 'dosage instruction']);
/** A dosage's texts and timing codes for the patient (Dosage.patientInstruction, Timing.repeat.when). */
const DOSAGE_LEAVES = new Set(['text', 'display', 'patient instruction', 'additional instruction', 'when']);
/** Dates of the record or the product on a clinical resource: a result's release, a lot's manufacture or expiry. */
const NOT_CARE_DATES = new Set(['issued', 'expiration', 'expiry', 'manufactured', 'updated', 'created']);

/**
 * What the enclosing structure says about a generic leaf (principled per domain, research A6.4):
 * the `display` of a reference to a person is that person's name (FHIR Reference.display, SCIM members and
 * manager); the coded concept or note of a FHIR clinical resource (Condition.code.text, reaction.manifestation) is
 * health data about the patient.
 */
function contextEntity(
  leaf: NameAnalysis,
  enclosing: readonly EnclosingContext[],
  dateShaped: () => boolean = () => false,
  viaExtension = false,
  rootExtensions = 0,
): { entity: EntityKey; reason: string; aboutPatient?: true } | undefined {
  const leafPhrase = leaf.phrase;
  const parent = enclosing[0]?.analysis.phrase;
  if (parent !== undefined && DISPLAY_LEAVES.has(leafPhrase)) {
    // The display text of a contact value (SCIM `emails[].display`) is that value.
    const contact = enclosing[0]!.analysis.entity;
    // A medium contact name (SCIM `ims`) shows its value too inside a person's record.
    const strength = enclosing[0]!.analysis.strength;
    if (
      contact !== undefined &&
      DISPLAYED_CONTACTS.has(contact) &&
      (strength === 'strong' ||
        (strength === 'medium' && enclosing.slice(1).some((c) => c.subject === 'person' || c.subject === 'patient')))
    )
      return { entity: contact, reason: `display of ${parent}` };
    const subject = enclosing[0]!.subject;
    if (
      PERSON_REFERENCES.has(parent) ||
      isClinicianReference(enclosing) ||
      subject === 'person' ||
      subject === 'patient' ||
      subject === 'provider'
    )
      return { entity: 'name', reason: `reference display (${parent})` };
  }
  const resource = enclosing[enclosing.length - 1]?.analysis.phrase;
  // An Observation's component is an observation of its own, with a code and a value[x] (a pregnancy's gestational
  // age, a travel history's destination): its elements are read as the resource's own.
  if (
    enclosing.length === 2 &&
    enclosing[0]!.analysis.phrase === 'component' &&
    resource !== undefined &&
    FHIR_CLINICAL_RESOURCES.has(resource)
  ) {
    const own = contextEntity(leaf, enclosing.slice(1), dateShaped, viaExtension, rootExtensions);
    if (own !== undefined) return own;
  }
  // The display of a reference to a clinical resource names its concept (`Encounter.diagnosis[].condition.display`,
  // `MedicationStatement.medicationReference.display`).
  if (
    parent !== undefined &&
    DISPLAY_LEAVES.has(leafPhrase) &&
    CLINICAL_REFERENCES.has(parent) &&
    resource !== undefined &&
    FHIR_CLINICAL_RESOURCES.has(resource)
  )
    return { entity: 'healthData', reason: `fhir ${resource} ${parent} display`, aboutPatient: true };
  const elements =
    resource === undefined
      ? undefined
      : FHIR_CLINICAL_RESOURCES.has(resource)
        ? FHIR_CLINICAL_ELEMENTS
        : FHIR_CLAIM_RESOURCES.has(resource)
          ? FHIR_CLAIM_ELEMENTS
          : undefined;
  if (elements !== undefined) {
    const clinicalLeaf = CLINICAL_LEAVES.has(leafPhrase);
    // A Quantity's `code`, `unit` and `system` name its unit of measure (UCUM `mm[Hg]`), whatever the quantity
    // measures; only its `value` is the result.
    if (leafPhrase !== 'value' && enclosing.slice(0, 3).some((c) => c.analysis.tokens.at(-1) === 'quantity'))
      return undefined;
    for (let i = 0; i < Math.min(3, enclosing.length - 1); i++) {
      const name = enclosing[i]!.analysis.phrase;
      if (CODING_WRAPPERS.has(name)) continue;
      // `type` is the clinical concept only as the resource's own element (`Encounter.type`); nested, it names a kind
      // (`Condition.stage.type`: the staging system).
      // A Specimen's `type` is the kind of material sampled (blood, tissue): a kind, as `AllergyIntolerance.type` is.
      if (
        elements.has(name) &&
        clinicalLeaf &&
        (name !== 'type' || (i === enclosing.length - 2 && resource !== 'specimen'))
      )
        return { entity: 'healthData', reason: `fhir ${resource}.${name}`, aboutPatient: true };
      // A concept inside a clinical element is part of it (`reaction.substance`, `dosage.method`), unless it only
      // names a kind, a state or an extension of it (`stage.type`, `reaction.extension[certainty]`).
      const outer = enclosing[i + 1]?.analysis.phrase;
      if (
        CONCEPT_LEAVES.has(leafPhrase) &&
        !viaExtension &&
        outer !== undefined &&
        i + 1 < enclosing.length - 1 &&
        elements.has(outer) &&
        outer !== 'type' &&
        !NOT_THE_CONCEPT.has(enclosing[i]!.analysis.tokens[0] ?? '')
      )
        return { entity: 'healthData', reason: `fhir ${resource}.${outer}.${name}`, aboutPatient: true };
      // A coded extension of a clinical resource itself (mCODE's histology of a Condition, a Procedure's intent), or a
      // part of such an extension (a radiotherapy's modality inside its modality-and-technique extension), qualifies
      // its clinical concept; extensions of its parts (a reaction's certainty) are not read so.
      if (
        CONCEPT_LEAVES.has(leafPhrase) &&
        viaExtension &&
        elements === FHIR_CLINICAL_ELEMENTS &&
        (i + 1 === enclosing.length - 1 || enclosing.length - 1 - i <= rootExtensions) &&
        !NOT_THE_CONCEPT.has(enclosing[i]!.analysis.tokens[0] ?? '') &&
        !enclosing[i]!.analysis.tokens.some((t) => HOW_THE_CARE_WENT.has(t))
      )
        return { entity: 'healthData', reason: `fhir ${resource} extension ${name}`, aboutPatient: true };
      break;
    }
    // A dosage's instructions and timing for the patient are clinical content, whatever they are called.
    if (
      elements === FHIR_CLINICAL_ELEMENTS &&
      DOSAGE_LEAVES.has(leafPhrase) &&
      enclosing.slice(0, 3).some((c) => DOSAGES.has(c.analysis.phrase))
    )
      return { entity: 'healthData', reason: `fhir ${resource} dosage`, aboutPatient: true };
    // A date of a clinical resource itself (`MedicationDispense.whenHandedOver`, `MedicationStatement.dateAsserted`)
    // is a date of the patient's care; the release of a result or the expiry of a product is not.
    // So is a date an extension of the resource itself holds (`Condition.extension[lastAssertedDate].valueDateTime`).
    // So is a date of one of its clinical elements (an immunisation's `reaction[].date`: when the patient reacted).
    if (
      elements === FHIR_CLINICAL_ELEMENTS &&
      (enclosing.length === 1 ||
        (enclosing.length === 2 &&
          (enclosing[0]!.analysis.phrase === 'extension' || elements.has(enclosing[0]!.analysis.phrase)))) &&
      dateShaped() &&
      !leaf.tokens.some((t) => NOT_CARE_DATES.has(t))
    )
      return { entity: 'eventDate', reason: `fhir ${resource} date`, aboutPatient: true };
    // A bare `type` code of the resource (`AllergyIntolerance.type`: allergy or intolerance) names a kind; the concept
    // is a coded `type` (`Encounter.type[].coding[]`), read above. So is a bare `description`: the concept is a coded
    // one (`Goal.description.coding[]`), while a resource's own text (`Appointment.description`) summarises the record.
    if (enclosing.length === 1 && elements.has(leafPhrase) && leafPhrase !== 'type' && leafPhrase !== 'description')
      return { entity: 'healthData', reason: `fhir ${resource}.${leafPhrase}`, aboutPatient: true };
    if (elements === FHIR_CLAIM_ELEMENTS && FHIR_CLAIM_CARE_DATES.has(leafPhrase))
      return { entity: 'eventDate', reason: `fhir ${resource}.${leafPhrase}`, aboutPatient: true };
    // The bounds of a Period on a clinical resource or a claim are dates of care (`Encounter.period.start`,
    // `boundsPeriod.end`, `ExplanationOfBenefit.billablePeriod.start`, a dosage extension's `PeriodOfUse`).
    if (
      (leafPhrase === 'start' || leafPhrase === 'end') &&
      enclosing.length >= 2 &&
      enclosing[0]!.analysis.tokens.includes('period')
    )
      return { entity: 'eventDate', reason: `fhir ${resource} period`, aboutPatient: true };
  }
  return undefined;
}

/**
 * References of a FHIR clinical resource that name the clinician who acted (`AllergyIntolerance.recorder`,
 * `MedicationRequest.requester`, `Immunization.performer.actor`): their display is a provider's name, PII but not PHI.
 */
const CLINICIAN_REFERENCES = new Set([
  'recorder',
  'requester',
  'asserter',
  'performer',
  'prescriber',
  'attester',
  // DiagnosticReport.resultsInterpreter, read as `result interpreter`.
  'result interpreter',
]);

function isClinicianReference(enclosing: readonly EnclosingContext[]): boolean {
  const resource = enclosing.at(-1)?.analysis.phrase;
  if (resource === undefined || !FHIR_CLINICAL_RESOURCES.has(resource)) return false;
  const parent = enclosing[0]?.analysis.phrase;
  if (parent === 'actor') return enclosing[1]?.analysis.phrase === 'performer';
  return parent !== undefined && CLINICIAN_REFERENCES.has(parent);
}

const STANDARD_FORMATS = new Set([...CONTRA_FORMATS, 'idn-email', 'iri', 'uri-reference', 'int', 'number', 'string']);

/** Evidence from a declared vendor format name or a pattern: the format is read as a name, the pattern by shape. */
function declaredEvidence(
  format: string | undefined,
  pattern: string | undefined,
): { entity: EntityKey; weight: number; reason: string } | undefined {
  if (format !== undefined && !STANDARD_FORMATS.has(format.toLowerCase()) && /[a-z]{3}/i.test(format)) {
    const analysis = analyzeName(format.replace(/[-_]?v\d+$/i, ''));
    if (analysis.entity !== undefined && analysis.negative === undefined)
      return { entity: analysis.entity, weight: NAME_WEIGHT.medium, reason: `format-name:${format}` };
  }
  if (pattern !== undefined) {
    if (/@/.test(pattern) && /\\\.|\[\.\]/.test(pattern))
      return { entity: 'email', weight: FORMAT_SUPPORT, reason: 'pattern:email' };
    if (/^\^?\\?\+\[?1-9\]?/.test(pattern)) return { entity: 'phone', weight: FORMAT_SUPPORT, reason: 'pattern:e164' };
  }
  return undefined;
}

const SECRET_PHRASES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const add = (kind: string, phrases: string[]): void => {
    for (const phrase of phrases) map.set(tokenizeName(phrase.replace(/ /g, '_')).join(' '), kind);
  };
  add('password', ['password', 'passwd', 'pass phrase', 'passphrase', 'pin code']);
  add('password-hash', [
    'password hash',
    'hashed password',
    'password digest',
    'encrypted password',
    'crypted password',
    'pass hash',
    'password salt',
  ]);
  add('api-key', ['api key', 'apikey', 'secret key', 'access key', 'signing key', 'private api key']);
  add('access-token', ['access token', 'auth token', 'bearer token', 'id token', 'session token', 'token']);
  add('refresh-token', ['refresh token']);
  add('client-secret', ['client secret', 'app secret', 'consumer secret', 'webhook secret', 'secret']);
  add('private-key', ['private key', 'priv key', 'ssh private key']);
  add('session-id', ['session id', 'session key', 'sid']);
  add('mfa-secret', [
    'mfa secret',
    'otp secret',
    'totp secret',
    'two factor secret',
    'recovery code',
    'backup code',
    'otp seed',
  ]);
  add('reset-token', [
    'reset token',
    'password reset token',
    'reset password token',
    'confirmation token',
    'verification token',
  ]);
  return map;
})();
const SECRET_VALUE_KINDS: readonly ValidatorName[] = ['password-hash', 'jwt', 'private-key', 'api-key'];
/** Tails after a secret word that make the field describe the secret, not carry it (`token_type`, `password_changed_at`). */
const SECRET_DESCRIBING = new Set([
  ...CHANGING_TAILS,
  'expires',
  'expire',
  'expiry',
  'hint',
  'strength',
  'name',
  'prefix',
  'last',
  'suffix',
  'scope',
  'reset',
  'endpoint',
  'in',
]);
const SECRET_NEUTRAL = new Set(['value', 'string', 'data', 'encrypted', 'hashed', 'hash', 'digest', 'plain', 'raw']);
/**
 * Words before a bare `token` that make it a position in a listing or a request's key, not a credential: a pagination
 * cursor (`next_page_token`, AWS `NextToken`, Google `pageToken`), a continuation or sync marker, an idempotency key.
 * Whoever holds one can read the next page only with their own credentials.
 */
const NON_CREDENTIAL_TOKEN_MODIFIERS = new Set([
  'page',
  'paging',
  'pagination',
  'next',
  'prev',
  'previous',
  'continuation',
  'cursor',
  'sync',
  'resume',
  'idempotency',
]);

/**
 * The credential a field carries, from its name (`passwordHash`, `refresh_token`, `client_secret`) or from its values'
 * shapes (argon2/bcrypt/scrypt hashes, JWTs, private keys, known API key formats), whether or not it is documented.
 */
export function detectSecret(input: FieldInput, leafName: string, parentName?: string): string | undefined {
  const stats = input.values;
  if (stats !== undefined && stats.samples > 0) {
    for (const kind of SECRET_VALUE_KINDS) {
      const k = stats.hits[kind] ?? 0;
      if (k > 0 && k / stats.samples >= 0.5) return kind;
    }
  }
  if (!mayHoldText(input)) return undefined;
  let byName = secretNameCache.get(leafName);
  if (byName === undefined) {
    byName = secretFromName(leafName) ?? '';
    if (secretNameCache.size > 100_000) secretNameCache.clear();
    secretNameCache.set(leafName, byName);
  }
  if (byName !== '') return byName;
  return parentName === undefined ? undefined : secretOfCredentialPart(leafName, parentName);
}

/** Words of a credential's stored value (`value`, `hashedSaltedValue`, `secretData`); a `salt` alone is not secret. */
const CREDENTIAL_VALUE_WORDS = new Set([
  'value',
  'secret',
  'data',
  'hashed',
  'hash',
  'salted',
  'digest',
  'encoded',
  'raw',
]);
const HASH_WORDS = new Set(['hashed', 'hash', 'salted', 'digest']);

/**
 * The value of a credential object (Keycloak `credentials[].value`, `hashedSaltedValue`): the password, OTP secret or
 * their hash, whatever the leaf calls it.
 */
function secretOfCredentialPart(leafName: string, parentName: string): string | undefined {
  const parent = analyzeName(parentName).tokens;
  if (!parent.some((t) => t === 'credential' || t === 'password')) return undefined;
  const leaf = analyzeName(leafName).tokens;
  if (leaf.length === 0 || !leaf.every((t) => CREDENTIAL_VALUE_WORDS.has(t))) return undefined;
  return leaf.some((t) => HASH_WORDS.has(t)) ? 'password-hash' : 'password';
}

const secretNameCache = new Map<string, string>();

/** Strings (or objects and arrays of them) can hold a credential; numbers and booleans cannot. */
function mayHoldText(input: FieldInput): boolean {
  const type = input.type;
  if (type === undefined) return true;
  const check = (t: string): boolean =>
    t === 'string' ||
    t === 'object' ||
    (t === 'array' && (input.itemType === undefined || input.itemType === 'string'));
  return typeof type === 'string' ? check(type) : type.length === 0 || type.some(check);
}

function secretFromName(leafName: string): string | undefined {
  const tokens = tokenizeName(leafName);
  for (let start = 0; start < tokens.length; start++) {
    if (start > 0 && NEGATING_MODIFIERS.has(tokens[start - 1]!)) continue;
    for (let end = tokens.length; end > start; end--) {
      const phrase = tokens.slice(start, end).join(' ');
      const kind = SECRET_PHRASES.get(phrase);
      if (kind === undefined) continue;
      if (phrase === 'token' && start > 0 && NON_CREDENTIAL_TOKEN_MODIFIERS.has(tokens[start - 1]!)) return undefined;
      const tail = tokens.slice(end);
      if (tail.some((t) => SECRET_DESCRIBING.has(t) && !SECRET_NEUTRAL.has(t))) return undefined;
      if (tail.some((t) => !SECRET_NEUTRAL.has(t) && !/^\d+$/.test(t))) return undefined;
      if (kind === 'password' && tail.some((t) => t === 'hash' || t === 'hashed' || t === 'digest'))
        return 'password-hash';
      return kind;
    }
  }
  return undefined;
}

/**
 * A username whose values are e-mails is an e-mail: the e-mail candidate takes the name's weight, and the evidence says
 * the values decided. Only a declared e-mail format or values that all pass the validator count (a `login` of which
 * some samples are e-mails stays a username).
 */
function outvoteUsernameByEmail(candidates: Map<EntityKey, Candidate>, format: string | undefined): void {
  const username = candidates.get('username');
  if (username === undefined || !username.name) return;
  const email = candidates.get('email');
  const byFormat = format !== undefined && ENTITIES.email.formats.has(format);
  const byValues = email?.value !== undefined && email.evidence.some((e) => /^value:email (\d+)\/\1$/.test(e));
  if (!byFormat && !byValues) return;
  const winner: Candidate = email ?? { entity: 'email', z: PRIOR, name: false, structural: false, evidence: [] };
  winner.z = Math.max(winner.z, username.z) + (byFormat && email === undefined ? FORMAT_SUPPORT : 0);
  winner.name = true;
  winner.value ??= 'format';
  winner.evidence.push(
    ...username.evidence,
    `value:email outvotes name:username${byFormat ? ` (format ${format})` : ''}`,
  );
  candidates.set('email', winner);
  candidates.delete('username');
}

/** Every documented example or observed value of the field is an account handle (`@alice`, `@alice:example.org`). */
function valuesAreHandles(input: FieldInput): boolean {
  const stats =
    input.values ??
    (input.examples !== undefined && input.examples.length > 0 ? summarizeValues(input.examples) : undefined);
  return stats !== undefined && stats.samples > 0 && (stats.hits.handle ?? 0) >= stats.samples;
}

/**
 * Classifies one field as PII/PHI (see {@link classifyPersonalData}) and names the credential it carries, if any.
 */
export function classifyField(
  input: FieldInput,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): FieldClassification {
  const parsed =
    input.leaf !== undefined && input.ancestry !== undefined && input.location !== undefined
      ? undefined
      : parseFieldPath(input.path);
  const result = classifyPersonalData(input, options, parsed);
  const leafName = input.leaf ?? parsed?.segments.at(-1);
  if (leafName === undefined) return result;
  const secret = detectSecret(input, leafName, input.ancestry?.[0] ?? parsed?.segments.at(-2));
  return secret === undefined ? result : { ...result, pii: false, phi: false, secret };
}

/**
 * Classifies one field from its name, its enclosing names, FHIR structure, schema facts and observed validator counts,
 * combined as capped log-odds (research A6.6). Pure; memoised internally on names, so it runs at well over 100,000
 * fields per second.
 */
function classifyPersonalData(
  input: FieldInput,
  options: ClassifierOptions,
  parsed: ParsedPath | undefined,
): FieldClassification {
  const segments = parsed?.segments ?? [];
  const leafName = input.leaf ?? segments[segments.length - 1];
  if (leafName === undefined) return NONE;
  if (options.allow.length > 0 && isAllowListed(options, input.path)) return noneWith('unknown', ['allow-listed']);

  const types = normalizeTypes(input);
  if (types.size === 1 && types.has('boolean')) return noneWith('unknown', ['type:boolean']);

  const location: FieldLocation | undefined = input.location ?? parsed?.location;
  const enclosure = enclosureOf(input.ancestry, segments);
  const enclosing = enclosure.contexts;
  const leaf = analyzeName(leafName);
  const op = operationContext(input.operation);

  // Subject: named in the leaf, else the nearest enclosing name, else the endpoint path.
  let subject: Subject = leaf.subject ?? 'unknown';
  if (leaf.subject === undefined) {
    if (enclosure.subject !== undefined) subject = enclosure.subject;
    // A mail piece's correspondent is not the thing the operation serves (`GET /postcards/{id}`'s `to`).
    if (subject === 'unknown' && op.subject !== undefined && !(op.subject === 'thing' && enclosure.correspondent))
      subject = op.subject;
    // `DataFields.Location.City` of an identity check, `applicant.location.ip_address`: the person's place.
    if (
      enclosure.place &&
      (enclosure.outerPerson || op.subject === 'person' || op.subject === 'patient' || op.subject === 'provider')
    )
      subject = op.subject === 'patient' ? 'patient' : 'person';
  }
  // A thing has no surname: a strong name part under a thing (`person_roles[].nachname`, a role's `first_name`) is the
  // name of the person the thing is about.
  // Nor does a relation that is a business's as often as a person's: a `Partner`'s surname is a spouse's.
  // Nor a date of birth: a field only a person has (`LegalEntity.date_of_birth` of an entity that is a business or an
  // individual) is the individual's, and so is a name qualified as a person's (`preferred_name`) beside such fields.
  // Nor has an organisation a first or a last name: one under an organisation's record or endpoint
  // (`/employer/employment`'s `first_name`, a business customer's `firstName`) is its employee's or its contact's.
  // An organisation's postal address (a card programme's `return_address`) stays its own, addressee line included.
  // Nor a date of birth or an SSN: one under an organisation's record (a business application's document) is the
  // person's the record names, its officer's, owner's or applicant's.
  if (
    leaf.subject === undefined &&
    subject === 'organization' &&
    enclosing[0]?.analysis.entity !== 'address' &&
    ((leaf.entity === 'name' && leaf.strength === 'strong' && leaf.tokens.some((t) => PERSON_NAME_PARTS.has(t))) ||
      leaf.entity === 'birthDate' ||
      leaf.entity === 'ssn')
  )
    subject = 'person';
  if (
    leaf.subject === undefined &&
    (subject === 'thing' ||
      (subject === 'organization' && enclosure.contexts.some((c) => PERSONAL_RELATIONS.has(c.analysis.phrase)))) &&
    ((leaf.entity === 'name' &&
      leaf.strength === 'strong' &&
      (leaf.tokens.length === 1 || leaf.tokens.some((t) => PERSON_NAME_PARTS.has(t)))) ||
      (subject === 'thing' && isPersonIdentityField(leaf)) ||
      (subject === 'thing' &&
        leaf.entity === 'name' &&
        leaf.tokens.length > 1 &&
        leaf.tokens.every((t) => PERSON_NAME_QUALIFIERS.has(t) || GENERIC_NAME_WORDS.has(t)) &&
        (input.siblings ?? []).some((s) => isPersonIdentityField(analyzeName(s)))))
  )
    subject = 'person';
  // A party named before its fields (`clientNaam`, `partnerBSN`) is one of the record's parties: when one of its own
  // fields is one only a person has (`clientGeboortedatum`, `partnerBSN`), the party is a person, and its name, numbers
  // and address are that person's, whatever the record around them (a debt-relief dossier) or the party's word (a
  // `partner` is a business's as often as a spouse) says.
  if (leaf.subject !== 'person' && leaf.subject !== 'patient' && partyHasPersonOnlyField(leaf, input.siblings))
    subject = 'person';
  // Nor does a thing log in: a `username` under a record a person writes or holds (a post, an action, an account) is
  // its account holder's, and so are a bare `name` and an avatar beside it (a post's author as the forum shows them).
  // Only a machine (a database, a mail server) has a service login of its own.
  if (
    leaf.subject === undefined &&
    subject === 'thing' &&
    !(op.infrastructure || enclosure.infrastructure) &&
    (leaf.entity === 'username' ||
      (((leaf.entity === 'name' && GENERIC_NAME_WORDS.has(leaf.phrase)) || leaf.entity === 'photo') &&
        (input.siblings ?? []).some((s) => {
          const sibling = analyzeName(s);
          return sibling.entity === 'username' && sibling.strength === 'strong';
        })))
  )
    subject = 'person';
  // Where a carrier scanned a parcel (`trackingHistory[].location.zip`, a tracking status's location) is a depot's or
  // a sorting centre's place on the parcel's way, not a person's.
  if (
    subject === 'unknown' &&
    PLACE_WORDS.has(enclosing[0]?.analysis.phrase ?? '') &&
    enclosing[1]?.analysis.tokens[0] === 'tracking'
  )
    subject = 'thing';
  // Nor is a thing billed or visited: an address named for billing or collecting (`billingAddressStreet1`,
  // `pickup_address.city` of a carrier account's registration) is its holder's, a person's unless a party farther out
  // or the operation names an organisation (read below).
  if (
    leaf.subject === undefined &&
    subject === 'thing' &&
    leaf.entity === 'address' &&
    leaf.tokens.some((t) => HOLDER_ADDRESSES.has(t)) &&
    (enclosure.outerParty ?? (enclosure.outerPerson ? undefined : op.subject)) !== 'organization'
  )
    subject = 'person';
  // A name inside a postal address whose owner nothing names (`adresse.ligneNom`, `address.name`) is its addressee's,
  // as `shipping_address.name` is.
  if (
    leaf.subject === undefined &&
    subject === 'unknown' &&
    leaf.entity === 'name' &&
    enclosing[0]?.analysis.entity === 'address' &&
    enclosing[0].subject === undefined &&
    // A named place's name (`kommune.navn`) is the place's, read below.
    !NAMED_PLACE_WORDS.has(enclosing[0].analysis.tokens.at(-1) ?? '')
  )
    subject = 'person';
  // The number a phone or a SIM answers to is its subscriber's (`device.phoneNumber` of a network API), as a thing's
  // own numbers are not.
  if (
    leaf.subject === undefined &&
    (enclosure.subject === undefined || enclosure.subject === 'thing') &&
    leaf.entity === 'phone' &&
    enclosing.some((c) => SUBSCRIBER_DEVICES.has(c.analysis.phrase))
  )
    subject = 'person';
  // A thing held by an organisation (a business's `deposit_account`, a company's card) is the organisation's: the
  // nearest party further out says whose the thing's data are.
  // With no party farther out in the payload, the operation's resource is that party (`GET /employer/company`'s
  // `accounts[].account_number` is the company's payroll account).
  if (
    leaf.subject === undefined &&
    subject === 'thing' &&
    (enclosure.outerParty ?? (enclosure.outerPerson ? undefined : op.subject)) === 'organization'
  )
    subject = 'organization';
  // Likewise a person's bank details or card (`beneficiary.bank_details.account_number`) hold that person's numbers.
  else if (
    leaf.subject === undefined &&
    subject === 'thing' &&
    (leaf.entity === 'accountNumber' || leaf.entity === 'paymentCard') &&
    (enclosure.outerParty === 'person' || enclosure.outerParty === 'patient')
  )
    subject = enclosure.outerParty;
  if (leaf.subject === 'person' && isRoleOfOrganisationParty(leaf, enclosing[0])) subject = 'organization';
  // An identifier issued to an organisation (an ODS code of a GP practice) is the organisation's, wherever it sits.
  if (input.structure?.system !== undefined && ORGANIZATION_IDENTIFIER_SYSTEM.test(input.structure.system))
    subject = 'organization';
  // Fields only an organisation has beside the field (`businessCategory`, `vatNumber`), and none only a person has, make
  // the object an organisation's: a merchant's website profile is not a user profile.
  if (
    leaf.subject === undefined &&
    subject !== 'patient' &&
    subject !== 'organization' &&
    siblingsAreOrganisationLike(input.siblings)
  )
    subject = 'organization';
  // Outside health APIs a provider a field's own name qualifies (`provider_name` of a payment or of a benefit) is the
  // company that provides the service, not a clinician.
  if (
    subject === 'provider' &&
    leaf.tokens.includes('provider') &&
    !(op.health || input.healthContext === true || enclosure.health || op.fhirResource !== undefined)
  )
    subject = 'organization';
  // The account a service logs in to another with (`httpAuthenticationUsername` of a webhook, an SMTP configuration's
  // `username`) is the service's credential, not a person's handle.
  if (
    leaf.subject === undefined &&
    leaf.entity === 'username' &&
    [leaf.tokens, enclosing[0]?.analysis.tokens ?? []].some((tokens) => tokens.some((t) => SERVICE_LOGIN_WORDS.has(t)))
  )
    subject = 'thing';
  // A bare `name` under an object named without a person word inside a person's record
  // (`application.rejection_reason.name`, `current_stage.name`, Dutch `kanaal.naam`) is that object's name, as
  // `rejectionReasonName` would be; siblings only a person has (`first_name`) keep it a person's.
  if (
    leaf.subject === undefined &&
    (GENERIC_NAME_WORDS.has(leaf.phrase) || THING_NAME_FORMS.has(leaf.phrase)) &&
    isPersonish(subject) &&
    isUnnamedObject(enclosing[0]) &&
    !(input.siblings ?? []).some((s) => isPersonOnlyField(analyzeName(s)))
  )
    subject = 'thing';
  // The name of a state, a province or a country (`domicilio.estado.nombre`) is the region's: like a state code, it
  // singles no one out.
  if (
    leaf.subject === undefined &&
    GENERIC_NAME_WORDS.has(leaf.phrase) &&
    REGION_WORDS.has(enclosing[0]?.analysis.tokens.at(-1) ?? '') &&
    enclosing[0]?.analysis.tokens.length === 1
  )
    subject = 'thing';
  // The `name` of a web profile or link item (`social_profiles.data[].name`: `Facebook`) is the site's, beside the
  // profile's `url`; the `name` of a phone number item (`phone_numbers[].name`: `Mobile`) labels the number.
  if (
    leaf.subject === undefined &&
    leaf.phrase === 'name' &&
    LABELLED_ITEMS.has(enclosing.find((c) => !TRANSPARENT_WRAPPERS.has(c.analysis.phrase))?.analysis.entity ?? 'name')
  )
    subject = 'thing';
  // A bare `name` beside a `message` and a `code` is an error's (a JavaScript error's shape), even where a batch
  // answer's body holds either a person or an error (`responses[].body`).
  if (leaf.subject === undefined && leaf.phrase === 'name' && isErrorShaped(input.siblings)) subject = 'thing';
  // A message's correspondent listed as { name, email } (`from[].name`, `cc[].name` of a mail) is the person written
  // to or from: the name is theirs, as the address is.
  if (
    subject === 'unknown' &&
    leaf.phrase === 'name' &&
    MAIL_PARTIES.has(enclosing[0]?.analysis.phrase ?? '') &&
    (input.siblings ?? []).some((s) => analyzeName(s).entity === 'email')
  )
    subject = 'person';
  // In health APIs a payer is the health plan, not the person paying (`payer.name` of an eligibility check), and so is
  // the payer a field's own name qualifies (`payerName`, `primaryPayerName`, `payerId`).
  if (
    subject === 'person' &&
    (enclosure.payer || leaf.tokens.includes('payer')) &&
    (op.health || input.healthContext === true || enclosure.health)
  )
    subject = 'organization';
  // Outside them a payor is whoever pays, as a payer is: the party billed for a shipment's duties
  // (`dutiesPayor.address.name`) may be the sender, the recipient or a third party.
  if (
    subject === 'organization' &&
    enclosure.subject === 'organization' &&
    enclosing.find((c) => c.subject !== undefined)?.analysis.tokens.at(-1) === 'payor' &&
    !(op.health || input.healthContext === true || enclosure.health || op.fhirResource !== undefined)
  )
    subject = 'person';
  // Outside health APIs a beneficiary is whom a payment goes to: a person, not a patient, and nothing about health.
  if (
    subject === 'patient' &&
    enclosure.healthOnlyInHealthApis &&
    leaf.subject === undefined &&
    !(op.health || input.healthContext === true || enclosure.health || leaf.health || op.fhirResource !== undefined)
  )
    subject = 'person';
  // A clinical resource is about its patient: an address it holds as a value (`valueAddress` of a travel history's
  // destination or of a place of injury) is a place of the patient's, when no nearer name says whose (a resource's
  // parts, such as a `component`, are things of the resource, not owners of the place).
  if (
    (subject === 'unknown' || subject === 'thing') &&
    enclosing[0]?.analysis.entity === 'address' &&
    FHIR_CLINICAL_RESOURCES.has(op.fhirResource ?? enclosing.at(-1)?.analysis.phrase ?? '')
  )
    subject = 'patient';
  // An organisation word before a contact inside a person's record (`Employee.company_email`, `work_phone`) says
  // where the person is reached, not whose the contact is: it is the person's work contact.
  let workContact = false;
  if (
    leaf.subject === 'organization' &&
    leaf.entity !== undefined &&
    WORK_CONTACTS.has(leaf.entity) &&
    (enclosure.subject === 'person' ||
      enclosure.subject === 'patient' ||
      (enclosure.subject === undefined && op.subject === 'person'))
  ) {
    subject = enclosure.subject ?? 'person';
    workContact = true;
  }
  let health = input.healthContext === true || op.health || leaf.health || enclosure.health || subject === 'patient';
  let patientMemo: boolean | undefined;
  // Health data is PHI only about someone: a patient subject, a patient-scoped endpoint or a patient reference beside it.
  const patientLinked = (): boolean =>
    (patientMemo ??=
      subject === 'patient' ||
      op.subject === 'patient' ||
      (input.siblings ?? []).some((s) => PATIENT_LINKS.has(analyzeName(s).tokens[0] ?? '')));
  let personishMemo: boolean | undefined;
  const personish = (): boolean => (personishMemo ??= isPersonish(subject) || siblingsArePersonLike(input.siblings));
  const infrastructure = op.infrastructure || enclosure.infrastructure;

  const custom = matchCustomCategory(options, leafName);
  if (custom !== undefined) {
    const phi = custom.hipaa !== undefined && health && subject !== 'provider' && subject !== 'organization';
    return {
      pii: true,
      phi,
      category: custom.name,
      hipaa: custom.hipaa ?? null,
      confidence: 0.9,
      band: 'confirmed',
      subject,
      evidence: ['name:custom-category'],
    };
  }
  const viaExtension = EXTENSION_PATH.test(input.path);
  let context = contextEntity(
    leaf,
    enclosing,
    () => isDateShaped(input),
    viaExtension,
    viaExtension ? rootExtensionDepth(input.path) : 0,
  );
  // Under a profile named for an attribute, the resource's value is that attribute, not a finding; a record
  // identifier's own value (`BirthRecordIdentifier.Observation.valueString`) is the certificate's number, a number
  // issued to the person as a licence's is (its components, a year and a jurisdiction, are not).
  // A booking's appointment, a feature flag and a team are as common outside health as FHIR's patient resources of
  // those names: read them as the patient's only where the operation or the input says health.
  if (
    context?.aboutPatient === true &&
    ALSO_OUTSIDE_HEALTH.has(enclosing.at(-1)?.analysis.phrase ?? '') &&
    !(op.health || op.fhirResource !== undefined || input.healthContext === true)
  )
    context = undefined;
  if (context?.entity === 'healthData' && enclosure.attributeProfile)
    context =
      enclosing.length === 1 && enclosure.recordIdentifierProfile
        ? { entity: 'license', reason: `record identifier ${enclosure.resource}`, aboutPatient: true }
        : undefined;
  // The structure names whose data it is: a clinical resource is about its patient, a reference display names the
  // referenced person, whatever the element names in between (`code`, `coding`) say.
  // A clinical resource is health context itself, whatever its name's words (`FamilyMemberHistory.reasonCode`).
  if (context?.aboutPatient === true) {
    subject = 'patient';
    health = true;
  } else if (context?.entity === 'name' && isClinicianReference(enclosing)) subject = 'provider';
  else if (context?.entity === 'name' && !isPersonish(subject)) subject = 'person';
  // So is the identifier a clinician reference carries (`Immunization.performer[].actor.identifier.value`: the
  // vaccinator's national number): a provider's, PII and not PHI.
  else if (enclosing[0]?.analysis.phrase === 'identifier' && isClinicianReference(enclosing.slice(1)))
    subject = 'provider';
  // Values written as account handles (`@alice:example.org`) outvote a key's name: a Matrix `user_id` is the user's
  // handle, not a surrogate key, as a `login` holding e-mails is an e-mail.
  if (
    leaf.negative !== undefined &&
    context === undefined &&
    !isWholeParentComponent(leaf, enclosing) &&
    !valuesAreHandles(input)
  )
    return noneWith(subject, [`negative:${leaf.negative}`]);
  // An employee's id is their employee number in their own record (`User.employee_id`, `interviewers[].employee_id`);
  // elsewhere (`Payment.employee_id`) it is the key of the employee record it points to.
  // Only an id named by the person it points to (`employee_id`) is a reference; a `work_id` names no other record.
  if (
    leaf.entity === 'patientIdentifier' &&
    leaf.tokens.at(-1) === 'id' &&
    leaf.tokens.some((t) => SUBJECT_WORDS.has(t)) &&
    !isPersonish(enclosing[0]?.subject ?? 'unknown')
  )
    return noneWith(subject, ['negative:reference id']);

  const candidates = new Map<EntityKey, Candidate>();
  const candidate = (entity: EntityKey): Candidate => {
    let c = candidates.get(entity);
    if (c === undefined) {
      c = { entity, z: PRIOR, name: false, structural: false, evidence: [] };
      candidates.set(entity, c);
    }
    return c;
  };

  // Name evidence: the leaf's own phrase, or a component inheriting from an enclosing phrase (address.city, dob.day).
  let nameEntity = leaf.entity;
  let nameStrength = leaf.strength;
  let inherited = false;
  for (let i = 0; i < Math.min(2, enclosing.length); i++) {
    const parent = enclosing[i]!.analysis;
    if (parent.entity === undefined || parent.strength === undefined) {
      // Wrappers such as `data` or `value` let a component see one level further up; anything else stops it.
      if (i === 0 && TRANSPARENT_WRAPPERS.has(parent.phrase)) continue;
      break;
    }
    const def: EntityDef = ENTITIES[parent.entity];
    const componentsOk =
      def.components?.has(leaf.phrase) === true ||
      (parent.entity === 'address' && leaf.entity === undefined && ADDRESS_LINE_WORDS.has(leaf.tokens[0] ?? '')) ||
      (def.components !== undefined &&
        leaf.tokens.length > 0 &&
        leaf.tokens.every((t) => def.components!.has(t) || /^\d+$/.test(t)));
    const stronger = nameStrength === undefined || STRENGTH_RANK[parent.strength] > STRENGTH_RANK[nameStrength];
    // A whole-phrase component (`address.building_name`) belongs to its parent whatever its own words say.
    const wholeComponent = def.components?.has(leaf.phrase) === true && leaf.tokens.length > 1;
    if (
      (componentsOk && (nameEntity === undefined || nameEntity === parent.entity || stronger || wholeComponent)) ||
      (leaf.entity === parent.entity && stronger)
    ) {
      if (nameEntity !== parent.entity || stronger) {
        nameEntity = parent.entity;
        nameStrength = parent.strength;
        inherited = true;
      }
    }
    break;
  }
  // The bare name of a named place (`city.name`, `municipio.nombre` of a person's home) is the place: an address part,
  // as `townName` is, not a person's name (an address's own `name` is its addressee's, above). A town alone is no
  // one's: it is a person's address part only in a person's record, however strongly the place's own word reads.
  const placeParent = enclosing[0]?.analysis;
  if (
    leaf.entity === 'name' &&
    GENERIC_NAME_WORDS.has(leaf.phrase) &&
    placeParent?.entity === 'address' &&
    placeParent.strength !== undefined &&
    NAMED_PLACE_WORDS.has(placeParent.tokens.at(-1) ?? '')
  ) {
    nameEntity = 'address';
    nameStrength = placeParent.strength === 'strong' ? 'medium' : placeParent.strength;
    inherited = true;
  }
  // A generic head named by its parent (`geboorte.datum`, `birth.date`, `postal.code`): the two names read as one
  // phrase when neither does alone.
  if (nameEntity === undefined && context === undefined && GENERIC_HEADS.has(leaf.phrase)) {
    const spanned = spannedName(leaf, enclosing);
    if (spanned !== undefined) {
      nameEntity = spanned.entity;
      nameStrength = spanned.strength;
      inherited = true;
    }
  }
  // FHIR search parameters of a person resource name the HumanName part they match (`GET /Patient?family=`).
  if (
    nameEntity === undefined &&
    location === 'query' &&
    (op.subject === 'patient' || op.subject === 'person') &&
    HUMAN_NAME_PARTS.has(leaf.phrase)
  ) {
    nameEntity = 'name';
    nameStrength = 'strong';
    inherited = true;
  }
  // Account fields of a person: the profile page and the free-text location of a user (GitHub `html_url`).
  if (context === undefined && (subject === 'person' || subject === 'patient')) {
    const account = PERSON_ACCOUNT_FIELDS.get(leaf.phrase);
    if (account !== undefined) context = { entity: account, reason: `account field of a ${subject}` };
  }
  if (context !== undefined) {
    nameEntity = context.entity;
    nameStrength = 'strong';
    inherited = true;
  }
  // Generic leaves inside telling enclosing names: `udiCarrier.deviceIdentifier`, `ach[].account`, `card.number`.
  if (context === undefined && (nameEntity === undefined || nameStrength !== 'strong')) {
    const leafPhrase = leaf.phrase;
    for (const rule of CONTEXT_RULES) {
      if (!rule.leaf.has(leafPhrase)) continue;
      const near = enclosing.slice(0, 3).some((c) => {
        const tokens = c.analysis.tokens;
        return rule.context.has(c.analysis.phrase) || rule.context.has(tokens[tokens.length - 1] ?? '');
      });
      if (near) {
        nameEntity = rule.entity;
        nameStrength = rule.strength;
        inherited = true;
        break;
      }
    }
  }

  const outermost = enclosure.resource ?? input.ancestry?.at(-1) ?? segments[0];
  const fhirResource =
    op.fhirResource ??
    (outermost !== undefined && /^[A-Z][a-z]/.test(outermost) ? enclosing.at(-1)?.analysis.phrase : undefined);
  const structural = structuralEntity(leaf, enclosing, input, fhirResource);
  // A coded identifier type says whose the value is wherever it sits: a claim's (a `benefit`, a thing) supporting
  // information typed `medicalrecordnumber` is still the patient's record number.
  if (structural !== undefined && subject === 'thing') subject = 'unknown';
  if (structural !== undefined) {
    const c = candidate(structural.entity);
    c.z += STRUCTURAL;
    c.structural = true;
    c.evidence.push(structural.reason);
  }

  if (nameEntity !== undefined && nameStrength !== undefined) {
    const c = candidate(nameEntity);
    c.z += NAME_WEIGHT[nameStrength];
    c.name = true;
    c.evidence.push(
      context !== undefined ? `context:${context.reason}` : `name:${nameStrength}${inherited ? ' (inherited)' : ''}`,
    );
    if (workContact) c.evidence.push(`context:work contact of a ${subject}`);
  } else if (
    input.description !== undefined &&
    structural === undefined &&
    DESCRIPTION_PREFILTER.test(input.description)
  ) {
    for (const [re, entity] of DESCRIPTION_PHRASES) {
      if (re.test(input.description)) {
        const c = candidate(entity);
        c.z += NAME_WEIGHT.medium;
        c.name = true;
        c.evidence.push('description:phrase');
        break;
      }
    }
  }

  // A vendor format (`merchant_common_email_address_v2`, `ppaas_payer_id_v3`) or a pattern names what the field holds.
  const declared = declaredEvidence(input.format, input.pattern);
  if (declared !== undefined) {
    const c = candidate(declared.entity);
    c.z += declared.weight;
    c.name = c.name || declared.weight >= NAME_WEIGHT.medium;
    c.evidence.push(declared.reason);
  }

  // Value evidence from observed counts and documented examples.
  const stats =
    input.values ??
    (input.examples !== undefined && input.examples.length > 0 ? summarizeValues(input.examples) : undefined);
  if (stats !== undefined && stats.samples > 0) {
    const n = stats.samples;
    const distinct = stats.distinct ?? n;
    // The spec's own examples are its author's statement of the field's shape, not a handful of observed values:
    // every example passing a validator counts like a declared format (`to: "+15558675310"`).
    const declaredByExamples = input.values === undefined;
    const halve = distinct < 5 ? 0.5 : 1;
    const passRates = new Map<ValidatorName, number>();
    for (const name in stats.hits) {
      const validator = name as ValidatorName;
      const k = stats.hits[validator];
      if (k === undefined || !(k > 0)) continue;
      passRates.set(validator, k / n);
      const observed = wilsonLowerBound(Math.min(k, n), n);
      for (const [key, strength] of VALIDATOR_ENTITIES.get(validator) ?? []) {
        if (!candidates.has(key) && strength === 'weak' && nameEntity !== key) continue;
        const c = candidate(key);
        // Only shapes that say what they are (an e-mail, an E.164 number, a checksum) count as declared; a date or a
        // capitalised word says little about whose it is.
        const declared = declaredByExamples && k >= n && strength !== 'weak' && validator !== 'date';
        c.z += VALUE_WEIGHT[strength] * (declared ? 0.8 : observed) * (declared ? 1 : halve);
        if (c.value === undefined || VALUE_WEIGHT[strength] > VALUE_WEIGHT[c.value]) c.value = strength;
        if (k >= n && distinct >= 20) c.valueAllDistinctPass = true;
        if (declared && STRONG_CHECKSUMS.has(validator)) c.valueDeclaredChecksum = true;
        c.evidence.push(`value:${validator} ${k}/${n}`);
      }
    }
    // A leaf that is itself a person's role (`cardHolder`, `beneficiary`) holding name-shaped examples, or many
    // distinct name-shaped observed values, holds that person's name; a role holding an id (`customer: "cus_…"`) does
    // not pass the shape.
    const nameShaped = (stats.hits['person-name'] ?? 0) + (stats.hits['honorific-name'] ?? 0);
    // The role may be the head of the leaf, a verb or a qualifier before it (`certify_signer`: who certifies).
    const head = leaf.tokens.at(-1) ?? '';
    const leafRole = SUBJECT_WORDS.get(leaf.phrase) ?? (isPersonWord(head) ? SUBJECT_WORDS.get(head) : undefined);
    if (
      nameEntity === undefined &&
      (leafRole === 'person' || leafRole === 'patient') &&
      nameShaped >= n &&
      (declaredByExamples || (n >= 20 && distinct >= 10))
    ) {
      const c = candidate('name');
      c.z += VALUE_WEIGHT.format * 0.8;
      c.value = 'format';
      c.evidence.push(`value:person-name ${nameShaped}/${n}`, `context:leaf names a ${leafRole}`);
    }
    // Values that name organisations (`UPMC Health Plan`) outvote the context that made a `display` or `name` a
    // person's: a claim's provider may be a practitioner or an organisation, and its values say which. A field that
    // holds people's names beside companies' (a customer of a B2B and B2C shop) stays a name.
    if (nameEntity === 'name' && (stats.hits['organisation-name'] ?? 0) >= 0.8 * n)
      return noneWith('organization', [
        ...(candidates.get('name')?.evidence ?? []),
        `value:organisation-name ${stats.hits['organisation-name']}/${n} outvotes name`,
      ]);
    // Values without a letter (an order's `name` of `#1001`) are numbers or codes, never a person's name.
    if (nameEntity === 'name' && (stats.hits.numeral ?? 0) >= n)
      return noneWith(subject, [
        ...(candidates.get('name')?.evidence ?? []),
        `value:numeral ${stats.hits.numeral}/${n} outvotes name`,
      ]);
    // Masked values (`************1234`) are partial card or account data, which identifies no one on its own.
    const maskedRate = (stats.hits.masked ?? 0) / n;
    if (maskedRate >= 0.5)
      for (const entity of ['paymentCard', 'accountNumber'] as const) {
        const c = candidates.get(entity);
        // A standard's own typing of an identifier (a visit number typed `VN`) outweighs digits that look masked.
        if (c === undefined || c.structural) continue;
        c.z -= STRUCTURAL;
        c.evidence.push(`value:masked ${stats.hits.masked}/${n}`);
      }
    // Values that contradict the name (a `phone` that never looks like one) or say it is something else.
    const epochRate = (stats.hits.epoch ?? 0) / n;
    const uuidRate = (stats.hits.uuid ?? 0) / n;
    for (const c of candidates.values()) {
      const def: EntityDef = ENTITIES[c.entity];
      if (c.name && def.validators !== undefined && def.shapeOptional !== true && n >= 10) {
        const rate = Object.keys(def.validators).reduce((sum, v) => sum + (passRates.get(v as ValidatorName) ?? 0), 0);
        if (rate < 0.2) {
          c.z += VALUE_CONTRA;
          c.evidence.push('value:contradicts');
        }
      }
      // Clinical content is read by its place in a record: its values are codes, numbers and texts of every shape (a
      // SNOMED code's ten digits look like an epoch), so no value shape speaks against it.
      if (c.entity === 'healthData') continue;
      for (const [validator, rate] of passRates) {
        if (
          rate >= 0.9 &&
          def.validators?.[validator] === undefined &&
          validator !== 'npi' &&
          validator !== 'aba' &&
          validator !== 'zip' &&
          validator !== 'ssn-undelimited' &&
          validator !== 'date' &&
          // Digits without letters are what most identifiers, numbers and dates are: they say nothing against a name.
          validator !== 'numeral' &&
          // Four digits are a card's last four as often as a year or a short postcode.
          validator !== 'masked' &&
          // Place names and people's names share their shape (`São Paulo`).
          !(validator === 'person-name' && c.entity === 'address')
        ) {
          c.z += OTHER_ENTITY_VALIDATES;
          c.evidence.push(`value:mostly ${validator}`);
          break;
        }
      }
      // A standard's own typing of an identifier outweighs what its digits happen to look like.
      if ((epochRate >= 0.5 || uuidRate >= 0.5) && !c.structural) c.z -= 3;
    }
  }

  // Value evidence outvotes a generic name: a `login` or `username` whose declared format or every value is an e-mail
  // holds an e-mail address (Box `login`), whatever the account calls it.
  const format = input.format?.toLowerCase();
  if (nameEntity === 'username') outvoteUsernameByEmail(candidates, format);

  // Entity gates and context.
  const hasEnum = input.enum !== undefined && input.enum.length >= 2;
  const description = input.description;
  let best: { c: Candidate; p: number } | undefined;
  for (const c of candidates.values()) {
    const def: EntityDef = ENTITIES[c.entity];
    if (def.vetoSubjects.has(subject)) continue;
    if (c.entity === 'healthData' && !patientLinked()) continue;
    if (c.entity === 'eventDate' && RECORD_CARE_DATE_PHRASES.has(leaf.phrase) && !patientLinked()) continue;
    if (c.entity === 'ip' && infrastructure) continue;
    if (types.size > 0 && !someTypeAllowed(types, def)) continue;
    if (location === 'header' && (c.entity === 'age' || c.entity === 'eventDate')) continue;
    const strongName = c.name && nameStrength === 'strong' && c.entity === nameEntity;
    if (def.needsPerson === 'always' || (def.needsPerson === 'medium' && !strongName && !c.structural)) {
      // An e-mail and a phone beside a field make the object hold a person's contacts, not own every device it names
      // (an order's `device_id` is the shop's till): a device is a person's only in a person's or patient's record.
      const personal = c.entity === 'device' ? isPersonish(subject) : personish();
      if (!c.structural && !personal) {
        if (c.value === undefined || c.name) continue;
      }
    }
    if (def.needsPerson !== undefined && personish()) {
      c.z += PERSON_CONTEXT;
      c.evidence.push(`context:subject ${subject}`);
    }
    if (def.needsHealth === 'always' || (def.needsHealth === 'medium' && !strongName && !c.structural)) {
      if (!health) continue;
      c.z += HEALTH_CONTEXT;
      c.evidence.push('context:health');
    }
    if (format !== undefined && c.name) {
      if (def.formats?.has(format)) {
        c.z += FORMAT_SUPPORT;
        c.evidence.push(`format:${format}`);
      } else if (
        CONTRA_FORMATS.has(format) &&
        !(format === 'date-time' && (c.entity === 'eventDate' || c.entity === 'birthDate'))
      ) {
        c.z += FORMAT_CONTRA;
        c.evidence.push(`format-contradicts:${format}`);
      }
    } else if (
      format !== undefined &&
      !c.name &&
      !c.structural &&
      def.formats?.has(format) &&
      (c.entity === 'email' || c.entity === 'ip')
    ) {
      c.z += 3.5;
      c.value ??= 'format';
      c.evidence.push(`format:${format}`);
    }
    if (hasEnum && !def.enumOk) {
      c.z += ENUM_CONTRA;
      c.evidence.push('enum');
    }
    if (description !== undefined && c.name) {
      const re = DESCRIPTION_SUPPORT_RE[c.entity];
      if (re?.test(description)) c.z += DESCRIPTION_SUPPORT;
      if (DESCRIPTION_NEGATIVE_RE.test(description)) c.z -= 1;
    }
    let p = sigmoid(c.z);
    if (!c.name && !c.structural) {
      const cap =
        c.value === undefined
          ? 0
          : c.value === 'checksum' && c.valueAllDistinctPass
            ? CHECKSUM_MANY_DISTINCT_CAP
            : c.valueDeclaredChecksum === true
              ? VALUE_ONLY_CAP.format
              : VALUE_ONLY_CAP[c.value];
      p = Math.min(p, cap);
    } else if (c.value === undefined && !c.structural) p = Math.min(p, NAME_ONLY_CAP);
    p = Math.min(p, 0.99);
    if (best === undefined || p > best.p) best = { c, p };
  }

  if (best === undefined) return noneWith(subject, nameEntity !== undefined ? ['gated'] : []);
  const def: EntityDef = ENTITIES[best.c.entity];
  const confidence = Math.round(best.p * 100) / 100;
  const band = confidenceBand(best.p);
  const pii = best.p >= LIKELY;
  if (!pii) return { ...NONE, confidence, band, subject, evidence: best.c.evidence };
  if (def.notIdentifying === true)
    return {
      ...NONE,
      category: def.category,
      confidence,
      band,
      subject,
      evidence: [...best.c.evidence, 'policy:not-identifying'],
    };
  if (best.c.entity === 'healthData')
    return {
      pii: true,
      phi: true,
      category: def.category,
      hipaa: null,
      confidence,
      band,
      subject,
      evidence: best.c.evidence,
    };
  const phi =
    def.identifier &&
    def.hipaa !== undefined &&
    health &&
    subject !== 'provider' &&
    subject !== 'organization' &&
    subject !== 'thing';
  return {
    pii: true,
    phi,
    category: def.category,
    hipaa: def.hipaa ?? null,
    confidence,
    band,
    subject,
    evidence: best.c.evidence,
  };
}
