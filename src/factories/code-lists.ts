// Standard codes for values by meaning: locales (BCP 47), languages (ISO 639-1), IANA time zones,
// currencies (ISO 4217), countries (ISO 3166-1), MIME types, file extensions and user agents.
// Each entry carries a weight: real data is skewed towards a few common values, not uniform.
// Written for seedband; every value is ASCII without backslash, tab or newline (COPY-safe).

export type Weighted = ReadonlyArray<readonly [string, number]>;

export const LOCALES: Weighted = [
  ["en-US", 30],
  ["en-GB", 10],
  ["de-DE", 8],
  ["fr-FR", 7],
  ["es-ES", 6],
  ["pt-BR", 6],
  ["ja-JP", 5],
  ["en-CA", 4],
  ["en-AU", 4],
  ["nl-NL", 3],
  ["it-IT", 3],
  ["sv-SE", 2],
  ["es-MX", 3],
  ["pl-PL", 2],
  ["ko-KR", 2],
  ["zh-CN", 3],
  ["en-IN", 3],
  ["fr-CA", 1],
  ["da-DK", 1],
  ["nb-NO", 1],
];

export const LANGUAGES: Weighted = [
  ["en", 45],
  ["de", 8],
  ["fr", 8],
  ["es", 9],
  ["pt", 6],
  ["ja", 5],
  ["zh", 4],
  ["it", 3],
  ["nl", 3],
  ["sv", 2],
  ["pl", 2],
  ["ko", 2],
  ["da", 1],
  ["nb", 1],
  ["fi", 1],
];

export const TIMEZONES: Weighted = [
  ["America/New_York", 18],
  ["America/Los_Angeles", 12],
  ["America/Chicago", 8],
  ["Europe/London", 12],
  ["Europe/Berlin", 8],
  ["Europe/Paris", 6],
  ["Europe/Amsterdam", 3],
  ["Europe/Stockholm", 2],
  ["Europe/Madrid", 3],
  ["America/Sao_Paulo", 4],
  ["America/Toronto", 3],
  ["America/Denver", 3],
  ["Asia/Tokyo", 4],
  ["Asia/Kolkata", 4],
  ["Asia/Singapore", 2],
  ["Asia/Shanghai", 2],
  ["Australia/Sydney", 3],
  ["Pacific/Auckland", 1],
  ["Africa/Johannesburg", 1],
  ["UTC", 6],
];

export const CURRENCIES: Weighted = [
  ["USD", 45],
  ["EUR", 22],
  ["GBP", 9],
  ["JPY", 3],
  ["CAD", 4],
  ["AUD", 3],
  ["CHF", 2],
  ["SEK", 2],
  ["NOK", 1],
  ["DKK", 1],
  ["INR", 3],
  ["BRL", 2],
  ["MXN", 1],
  ["SGD", 1],
  ["NZD", 1],
];

/** ISO 3166-1 alpha-2, alpha-3 and the English short name. */
export const COUNTRIES: ReadonlyArray<
  readonly [alpha2: string, alpha3: string, name: string, weight: number]
> = [
  ["US", "USA", "United States", 30],
  ["GB", "GBR", "United Kingdom", 9],
  ["DE", "DEU", "Germany", 8],
  ["FR", "FRA", "France", 6],
  ["CA", "CAN", "Canada", 5],
  ["IN", "IND", "India", 5],
  ["BR", "BRA", "Brazil", 4],
  ["AU", "AUS", "Australia", 3],
  ["NL", "NLD", "Netherlands", 3],
  ["ES", "ESP", "Spain", 3],
  ["IT", "ITA", "Italy", 3],
  ["JP", "JPN", "Japan", 3],
  ["SE", "SWE", "Sweden", 2],
  ["MX", "MEX", "Mexico", 2],
  ["PL", "POL", "Poland", 2],
  ["IE", "IRL", "Ireland", 1],
  ["CH", "CHE", "Switzerland", 1],
  ["NO", "NOR", "Norway", 1],
  ["DK", "DNK", "Denmark", 1],
  ["FI", "FIN", "Finland", 1],
  ["SG", "SGP", "Singapore", 1],
  ["NZ", "NZL", "New Zealand", 1],
  ["ZA", "ZAF", "South Africa", 1],
  ["KR", "KOR", "South Korea", 1],
];

export const MIME_TYPES: Weighted = [
  ["image/png", 25],
  ["image/jpeg", 22],
  ["application/pdf", 15],
  ["image/gif", 4],
  ["image/webp", 4],
  ["image/svg+xml", 3],
  ["text/plain", 5],
  ["text/csv", 4],
  ["application/json", 3],
  ["application/zip", 3],
  ["video/mp4", 4],
  ["audio/mpeg", 2],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", 3],
  ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 3],
];

/** File extensions, matching MIME_TYPES' common cases. */
export const FILE_EXTENSIONS: Weighted = [
  ["png", 25],
  ["jpg", 22],
  ["pdf", 15],
  ["gif", 4],
  ["webp", 4],
  ["svg", 3],
  ["txt", 5],
  ["csv", 4],
  ["json", 3],
  ["zip", 3],
  ["mp4", 4],
  ["mp3", 2],
  ["docx", 3],
  ["xlsx", 3],
];

/**
 * Browser and app user agents of the shapes real logs hold. Version numbers follow a product and
 * a slash, which the `data` profile knows are not IP addresses.
 */
export const USER_AGENTS: Weighted = [
  [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    30,
  ],
  [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    15,
  ],
  [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    12,
  ],
  [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    14,
  ],
  [
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    12,
  ],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", 6],
  [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    4,
  ],
  [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
    5,
  ],
  ["okhttp/4.12.0", 1],
  ["curl/8.5.0", 1],
];
