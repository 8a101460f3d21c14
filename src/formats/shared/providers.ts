/**
 * Hosted APIs a service is configured for by a credential named after the provider: `OPENAI_API_KEY` means
 * calls to api.openai.com even when no URL is configured, because the client library has it built in.
 */
const PROVIDER_KEYS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^OPENAI_API_KEY$/, "api.openai.com"],
  [/^ANTHROPIC_API_KEY$/, "api.anthropic.com"],
  [/^(GEMINI|GOOGLE_GENAI)_API_KEY$/, "generativelanguage.googleapis.com"],
  [/^MISTRAL_API_KEY$/, "api.mistral.ai"],
  [/^COHERE_API_KEY$/, "api.cohere.com"],
  [/^STRIPE_(SECRET|API)_KEY$/, "api.stripe.com"],
  [/^SENDGRID_API_KEY$/, "api.sendgrid.com"],
  [/^MAILGUN_API_KEY$/, "api.mailgun.net"],
  [/^TWILIO_AUTH_TOKEN$/, "api.twilio.com"],
  [/^(GITHUB|GH)_(TOKEN|PAT|ACCESS_TOKEN)$/, "api.github.com"],
];

/** The provider host a credential key names, when the key is set to something (a value or a variable). */
export function providerHost(key: string, value: string): string | undefined {
  if (value.trim() === "") return undefined;
  return PROVIDER_KEYS.find(([pattern]) => pattern.test(key.toUpperCase()))?.[1];
}
