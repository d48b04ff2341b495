import { describe, expect, it } from 'vitest';
import { analyze, getDefaultModel, textFeatures, type PageFeatures } from '../../../../src/core/classify/index.ts';
import { impersonationEvidence, parseEvidenceKinds } from '../../../../src/core/classify/impersonation.ts';
import { credentialFields, linkedSite, titleSiteName } from '../../../../src/core/classify/lexicon-match.ts';
import { describeSignal } from '../../../../src/core/signal-describe.ts';
import type { Signal } from '../../../../src/core/signals.ts';

function page(p: Partial<PageFeatures>): PageFeatures {
  return { ...textFeatures(p.text ?? ''), ...p };
}
const at = (host: string): Partial<PageFeatures> => ({ host, url: `https://${host}/login` });

/** A log-in form that names no one: what every site has. */
const generic = page({
  title: 'Sign in',
  headings: ['Sign in'],
  text: 'Sign in to your account Email address Password Keep me signed in Forgot your password? Sign in Create an account',
  buttons: ['Sign in'],
  fields: [
    { kind: 'login-id', evidence: 'type=email' },
    { kind: 'password', evidence: 'type=password' },
  ],
});

function evidenceOf(f: PageFeatures): string[] {
  const d = analyze(f, getDefaultModel(), 'page');
  return [...d.impersonation];
}

describe('impersonation evidence (phishing needs it to warn)', () => {
  it('a generic log-in form shows none, with or without a host', () => {
    expect(evidenceOf(generic)).toEqual([]);
    expect(evidenceOf({ ...generic, ...at('accounts.example-shop.com') })).toEqual([]);
  });

  it('each kind fires on its own evidence', () => {
    const paypal = { ...generic, title: 'PayPal - Log in', headings: ['PayPal'] };
    expect(evidenceOf({ ...paypal, ...at('paypal-secure.top') })).toEqual(['brand-off-domain', 'brand-named']);
    // host-less (a saved page or kit): the brand is named and nothing says the page is on the brand's domain
    expect(evidenceOf(paypal)).toEqual(['brand-named']);
    expect(evidenceOf({ ...paypal, ...at('www.paypal.com') })).toEqual([]);
    // a kit's "verify" step without any field
    expect(evidenceOf(page({ title: 'PayPal', headings: ['PayPal'], text: 'Continue', ...at('pp-help.top') }))).toEqual(['brand-named']);
    // the site the title names, on another host (no lexicon brand)
    expect(evidenceOf({ ...generic, title: 'Sign in - Acmebank Online', ...at('secure-login.top') })).toEqual(['brand-off-domain']);
    expect(evidenceOf({ ...generic, text: `${generic.text} Unusual activity: verify your account within 24 hours` })).toEqual(['phishing-phrases']);
    // negated phrases are not evidence
    expect(evidenceOf({ ...generic, text: `${generic.text} We will never ask you to verify your account by e-mail` })).not.toContain('phishing-phrases');
    // a password and a card field together are not (legit checkouts that create an account have both)
    const card = { ...generic, fields: [...generic.fields, { kind: 'card-number' as const, evidence: 'autocomplete=cc-number' }] };
    expect(evidenceOf(card)).toEqual([]);
  });

  it('the site a log-in title names, around "Sign in to" / "Log in to your … account" / "… Sign In"', () => {
    expect(titleSiteName('Sign in to Badoo')?.name).toBe('Badoo');
    expect(titleSiteName('Log in to your Shopify account')?.name).toBe('Shopify');
    expect(titleSiteName('Shopify » Please log in')?.name).toBe('Shopify');
    expect(titleSiteName('Google Play Store Sign In')?.tokens).toEqual(['google', 'play', 'store']);
    expect(titleSiteName('Welcome to Acmebank')?.name).toBe('Acmebank');
    // still nothing for a title of log-in words only, or a long headline
    expect(titleSiteName('Sign in to your account')).toBeUndefined();
    expect(titleSiteName('SIGN IN')).toBeUndefined();
    expect(titleSiteName('How to sign in to your bank safely when travelling abroad')).toBeUndefined();
    // a sign-up page's words are not a site's name either ("Register - DigiFinex Digital Assets Exchange - …")
    expect(titleSiteName('Register - DigiFinex Digital Assets Exchange - A trading platform for blockchain assets such as Bitcoin')).toBeUndefined();
    expect(titleSiteName('Registration')).toBeUndefined();
    expect(titleSiteName('Create account | Join Acmebank')?.name).toBe('Join Acmebank');
    expect(titleSiteName('Create account | Join Acmebank')?.tokens).toEqual(['acmebank']);
    expect(evidenceOf({ ...generic, title: 'Register - DigiFinex Digital Assets Exchange - A trading platform for blockchain assets', ...at('www.digifinex.com') })).toEqual([]);
    expect(titleSiteName('Register')).toBeUndefined();
  });

  it("a page that links to its own site does not claim a brand by its other links (a sign-up page's Facebook link)", () => {
    const links = (...hosts: string[]): Partial<PageFeatures> => ({ links: { count: hosts.length, hosts, contactLinks: [] } });
    // on its own site, with one link to itself and one to Facebook: half of its link hosts, and still not Facebook
    const shop = { ...generic, title: 'Bizmates', ...links('www.bizmates.jp', 'www.facebook.com'), ...at('www.bizmates.jp') };
    expect(evidenceOf(shop)).toEqual([]);
    expect(analyze(shop, getDefaultModel(), 'page').signals.has('brand:credential-form')).toBe(false);
    // a kit on another host whose links all go to Facebook still claims to be Facebook
    const kit = { ...generic, title: 'Log in', ...links('www.facebook.com', 'help.facebook.com'), ...at('fb-verify.top') };
    expect(evidenceOf(kit)).toEqual(['brand-off-domain', 'brand-named']);
    // …and a saved kit without a host too (nothing to compare with: the brand is named by its links)
    expect(evidenceOf({ ...generic, title: 'Log in', ...links('www.facebook.com', 'help.facebook.com') })).toEqual(['brand-named']);
  });

  it("a two-step log-in's account-name step is a credential form only when its title says sign-in", () => {
    const idStep = page({ title: 'Amazon Sign-In', headings: ['Sign-In'], buttons: ['Continue'], fields: [{ kind: 'login-id', evidence: 'type=email' }] });
    expect(credentialFields(idStep).map((x) => x.kind)).toEqual(['login-id']);
    expect(evidenceOf({ ...idStep, ...at('amazon-verify.top') })).toContain('brand-off-domain');
    expect(evidenceOf({ ...idStep, ...at('www.amazon.com') })).toEqual([]);
    // a brand-less title naming a site: the same
    expect(evidenceOf({ ...idStep, title: 'Badoo - login', ...at('s1.top') })).toEqual(['brand-off-domain']);
    // a news or shop page that names brands, with a "Sign In" button and a newsletter / search field: not a sign-in step
    const article = page({
      title: 'Black Friday deals: Apple AirPods, Amazon Echo and more - IGN',
      headings: ['Amazon deals'],
      buttons: ['Sign In', 'Subscribe'],
      fields: [
        { kind: 'other', evidence: 'name=q' },
        { kind: 'login-id', evidence: 'type=email' },
      ],
      ...at('www.ign.com'),
    });
    expect(credentialFields(article)).toEqual([]);
    expect(evidenceOf(article)).not.toContain('brand-off-domain');
    // more than 3 fields is a register or checkout form, whatever the title says
    const register = { ...idStep, fields: ['login-id', 'other', 'other', 'phone'].map((kind) => ({ kind, evidence: 'x' })) as PageFeatures['fields'] };
    expect(credentialFields(register)).toEqual([]);
    // password and card fields count as before, whatever the title
    expect(credentialFields(generic).map((x) => x.kind)).toEqual(['password']);
  });

  it("a log-in form whose links all go to one other site pretends to be that site (a kit copies the brand's links)", () => {
    const lexicon = getDefaultModel().lexicon;
    const links = (...hosts: string[]): Partial<PageFeatures> => ({ links: { count: hosts.length, hosts, contactLinks: [] } });
    const ea = { ...generic, title: 'SIGN IN', ...links('signin.ea.com', 'help.ea.com'), ...at('s1.top') };
    expect(linkedSite(ea, lexicon)).toBe('ea.com');
    expect(evidenceOf(ea)).toEqual(['brand-off-domain']);
    const d = analyze(ea, getDefaultModel(), 'page');
    expect(d.signals.get('brand:off-domain')).toMatchObject({ brands: ['ea.com'], host: 's1.top' });
    // half of the link hosts is enough; fewer is not
    expect(linkedSite({ ...ea, ...links('www.bdo.com.ph', 'online.bdo.com.ph', 'cdn.example.net') }, lexicon)).toBe('bdo.com.ph');
    expect(linkedSite({ ...ea, ...links('www.bdo.com.ph', 'a.example.net', 'b.example.org') }, lexicon)).toBeUndefined();
    // on the site itself, or linking to its own domain at all: nothing pretended
    expect(linkedSite({ ...ea, ...at('signin.ea.com') }, lexicon)).toBeUndefined();
    expect(linkedSite({ ...ea, ...links('signin.ea.com', 'www.s1.top') }, lexicon)).toBeUndefined();
    // a brand's own second domain (login.microsoftonline.com linking to microsoft.com)
    expect(linkedSite({ ...ea, ...links('go.microsoft.com', 'privacy.microsoft.com'), ...at('login.microsoftonline.com') }, lexicon)).toBeUndefined();
    // a shop's sign-in page with a "follow us" link or an app badge is not pretending to be Facebook or Google
    expect(linkedSite({ ...ea, ...links('www.facebook.com'), ...at('shop.example') }, lexicon)).toBeUndefined();
    expect(linkedSite({ ...ea, ...links('play.google.com'), ...at('shop.example') }, lexicon)).toBeUndefined();
    // no host (a saved page) or no absolute links: nothing to compare
    expect(linkedSite({ ...generic, ...links('signin.ea.com') }, lexicon)).toBeUndefined();
    expect(linkedSite({ ...generic, ...at('s1.top') }, lexicon)).toBeUndefined();
    // a title that names a site decides first: "GitHub" on github.com links to archive.org (a saved copy)
    const saved = { ...generic, title: 'Sign in to GitHub · GitHub', ...links('web.archive.org', 'faq.web.archive.org'), ...at('github.com') };
    expect(evidenceOf(saved)).toEqual([]);
    // and without a credential field the links alone are no evidence
    expect(evidenceOf({ ...ea, fields: [] })).toEqual([]);
  });

  it('a brand named only in the text, next to account-action wording or a log-in form, off its domain (brand:named-in-text)', () => {
    const model = getDefaultModel();
    const named = (f: PageFeatures) => analyze(f, model, 'page').signals.get('brand:named-in-text');
    // a kit's e-mail: no title, no headings, no field; the brand in the text and "click on the following link"
    const email = page({
      text: 'Dear customer: As part of the new security measures, all Chase bank customers are required to complete Chase Online Form. To access the form please click on the following link: http://chaseonline.example/ Thank you',
    });
    const d = analyze(email, model, 'page');
    expect(d.signals.get('brand:named-in-text')).toMatchObject({ brands: ['Chase'], fields: [], words: ['click on the following link'], host: '' });
    expect(d.impersonation).toEqual(['brand-in-text']);
    expect(describeSignal(d.signals.get('brand:named-in-text') as Signal)).toBe('Chase named in the text, with "click on the following link"');
    expect(named({ ...email, ...at('chase-secure.top') })).toMatchObject({ host: 'chase-secure.top' });
    // on the brand's own domain: nothing pretended
    expect(named({ ...email, ...at('www.chase.com') })).toBeUndefined();
    // "chase" alone is a word of running text, not the bank
    expect(named(page({ text: 'Never chase your losses: click on the following link to read why' }))).toBeUndefined();
    // with a log-in form: the learned signal, but no evidence for the cap (a saved brand log-in page of unknown
    // address names its brand too)
    const form = { ...generic, text: `${generic.text} New to Netflix?` };
    expect(named(form)).toMatchObject({ brands: ['Netflix'], fields: ['password'], words: [] });
    expect(evidenceOf(form)).toEqual([]);
    // share buttons and lists of brands claim no one; a brand named with nothing asked is no signal
    expect(named({ ...generic, text: `${generic.text} Share on Facebook, Twitter or LinkedIn` })).toBeUndefined();
    expect(named({ ...generic, text: `${generic.text} We accept PayPal, UnionPay, Alipay and Apple ID` })).toBeUndefined();
    expect(named(page({ text: 'Our review of the new Netflix series, and what to watch next' }))).toBeUndefined();
    // next to brand:off-domain, which says it already
    const kit = { ...generic, title: 'PayPal - Log in', headings: ['PayPal'], text: `${generic.text} PayPal`, ...at('paypal-secure.top') };
    expect(analyze(kit, model, 'page').signals.has('brand:off-domain')).toBe(true);
    expect(named(kit)).toBeUndefined();
  });

  it('the pure helper reads only signals, brands, host and the phishing phrase sum', () => {
    const lexicon = getDefaultModel().lexicon;
    const paypal = lexicon.brands.findIndex((b) => b.name === 'PayPal');
    const none = { signals: new Map(), raw: { phishing: 0 } } as never as { signals: never; raw: never };
    expect(impersonationEvidence(page({}), { ...none, brands: [paypal] }, lexicon)).toEqual(['brand-named']);
    expect(impersonationEvidence(page(at('www.paypal.com')), { ...none, brands: [paypal] }, lexicon)).toEqual([]);
    expect(impersonationEvidence(page(at('x.example')), { ...none, brands: [] }, lexicon)).toEqual([]);
  });

  it('without evidence the phishing probability does not count towards warn; caution stays possible', () => {
    const base = getDefaultModel();
    // The premise: the generic form reads as phishing strongly enough to warn without the cap. The page warn threshold
    // is set just under its uncapped score here, so the cap is tested whatever the bundled model's calibration (the
    // format-4 model reads the generic form at 0.44, under its own warn of 0.5).
    const uncapped = analyze(generic, base, 'page', { phishingEvidence: 'off' }).warnScore;
    const warn = Math.round((uncapped - 0.05) * 1000) / 1000;
    const page = { ...base.heads.page, thresholds: { caution: Math.min(warn, base.heads.page.thresholds.caution), warn } };
    const model = { ...base, heads: { ...base.heads, page } };
    const free = analyze(generic, model, 'page', { phishingEvidence: 'off' });
    const capped = analyze(generic, model, 'page');
    expect(warn).toBeGreaterThan(0.2);
    expect(free.verdict.level).toBe('warn');
    expect(free.verdict.category).toBe('phishing');
    expect(capped.phishingCapped).toBe(true);
    expect(capped.warnScore).toBeCloseTo(free.warnScore - capped.scores.phishing, 2);
    expect(capped.verdict.level).toBe('caution');
    expect(capped.verdict.score).toBeLessThan(model.heads.page.thresholds.warn);
    expect(capped.verdict.reasons.length).toBeGreaterThan(0);
  });

  it('with evidence the cap does not apply, and texts are never capped', () => {
    const model = getDefaultModel();
    const kit = { ...generic, title: 'PayPal - Log in', headings: ['PayPal'], ...at('paypal-secure.top') };
    const d = analyze(kit, model, 'page');
    expect(d.phishingCapped).toBe(false);
    expect(d.warnScore).toBe(d.verdict.score);
    expect(d.verdict.level).toBe('warn');
    expect(d.verdict.category).toBe('phishing');
    const t = analyze(textFeatures('Your account is locked. Sign in with your password to unlock it'), model, 'text');
    expect(t.phishingCapped).toBe(false);
    expect(t.impersonation).toEqual([]);
  });

  it('evidence lists: "off", known kinds, and a clear error for an unknown one', () => {
    expect(parseEvidenceKinds('off')).toBe('off');
    expect(parseEvidenceKinds('phishing-phrases,brand-off-domain')).toEqual(new Set(['phishing-phrases', 'brand-off-domain']));
    expect(() => parseEvidenceKinds('brand-off-domain,password-and-card')).toThrow(/unknown impersonation evidence "password-and-card"/);
  });
});
