// Word lists for synthetic values: Latin filler words, adjectives and nouns for handles. Person
// names come from faker (seeded through our streams), never from a list of real people.

export const LOREM = (
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore " +
  "magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo " +
  "consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint " +
  "occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum curabitur pretium " +
  "tincidunt lacus nunc porta vitae augue mauris faucibus aliquam erat volutpat donec vel massa quam integer " +
  "feugiat scelerisque varius morbi tristique senectus netus malesuada fames ac turpis egestas pellentesque " +
  "habitant sapien nec sagittis viverra orci eu lobortis elementum nibh tellus molestie nunc blandit"
).split(" ");

export const ADJECTIVES =
  "amber brave calm daring eager fuzzy gentle happy icy jolly keen lucky mellow nimble odd proud quiet rapid sunny tidy urban vivid witty young zesty".split(
    " ",
  );

export const NOUNS =
  "otter falcon maple river comet harbor lantern meadow pebble quartz raven summit tiger willow yak zephyr badger cedar dune ember".split(
    " ",
  );

// Words for values by meaning (value-formats.ts). Written for seedband, ASCII only, so every value
// built from them is COPY-safe.

/** Labels and tags as teams name them: short, lower-case. */
export const LABEL_WORDS =
  "bug feature enhancement documentation design backend frontend urgent blocked question security performance ux research infra mobile api tech-debt refactor testing release hotfix billing onboarding analytics marketing sales support customer internal accessibility localization database devops ops legal growth experiment spike needs-review wontfix duplicate".split(
    " ",
  );

/** Task and issue titles: a verb, sometimes a qualifier, an object ("Audit legacy error handling"). */
export const TITLE_VERBS = [
  "Add",
  "Fix",
  "Update",
  "Review",
  "Refactor",
  "Design",
  "Write",
  "Test",
  "Remove",
  "Migrate",
  "Document",
  "Investigate",
  "Improve",
  "Plan",
  "Prepare",
  "Deploy",
  "Draft",
  "Research",
  "Automate",
  "Audit",
  "Simplify",
  "Monitor",
  "Localize",
  "Redesign",
  "Optimize",
  "Archive",
  "Validate",
  "Schedule",
  "Clean up",
  "Set up",
];

export const TITLE_QUALIFIERS =
  "new mobile legacy public internal weekly shared default failing slow duplicate missing quarterly nightly customer admin".split(
    " ",
  );

export const TITLE_OBJECTS = [
  "login page",
  "billing flow",
  "onboarding email",
  "search index",
  "dashboard",
  "API docs",
  "release notes",
  "error handling",
  "user settings",
  "export job",
  "pricing page",
  "signup form",
  "permissions model",
  "audit log",
  "payment retries",
  "notification preferences",
  "invoice template",
  "data import",
  "integration tests",
  "landing page",
  "status page",
  "caching layer",
  "rate limits",
  "webhooks",
  "report builder",
  "sidebar navigation",
  "checkout",
  "team invites",
  "file uploads",
  "sprint board",
  "roadmap",
  "metrics",
  "backup schedule",
  "style guide",
  "support macros",
  "feedback survey",
  "activity feed",
  "mobile app",
  "search filters",
  "password reset",
];

/** Company names: one of the first, one of the second, a suffix ("Bright Harbor Labs"). */
export const COMPANY_FIRST =
  "Blue Bright North Silver Swift Summit Golden Clear Iron Red Green Nova Polar Prime True Open Stone Cedar Maple Quiet Bold Lunar Solar Urban Wild Crystal Rapid Royal Little Grand".split(
    " ",
  );

export const COMPANY_SECOND =
  "Harbor Peak River Pixel Forge Signal Orbit Field Bridge Canyon Beacon Arrow Anchor Grove Ridge Spark Wave Loop Path Point Works Leaf Stack Tide Hill Vista Lane Crest Falcon Fox".split(
    " ",
  );

export const COMPANY_SUFFIXES =
  "Labs Inc LLC Group Studio Systems Technologies Ventures Partners Co Software Analytics Digital Collective".split(
    " ",
  );

/** Project names as product teams give them: a codename, a codename and a noun, or a purpose. */
export const PROJECT_CODENAMES =
  "Atlas Falcon Phoenix Horizon Apollo Orion Nimbus Aurora Titan Mercury Voyager Polaris Comet Quasar Zephyr Kestrel Juniper Sequoia Everest Meridian".split(
    " ",
  );

export const PROJECT_NOUNS =
  "Dashboard API Portal Redesign Migration Launch Platform App Website Integration Rollout Pipeline Workspace Console Analytics".split(
    " ",
  );

export const PROJECT_PURPOSES = [
  "Website Redesign",
  "Mobile App",
  "Customer Portal",
  "Q3 Launch",
  "Billing Revamp",
  "Data Platform",
  "Onboarding Flow",
  "Design System",
  "Internal Tools",
  "Partner API",
  "Growth Experiments",
  "Security Review",
  "Support Center",
  "Marketing Site",
  "Infrastructure Upgrade",
];

/** A palette of label colours, the way products offer a fixed set to choose from. */
export const COLOUR_PALETTE = [
  "#d73a4a",
  "#0075ca",
  "#cfd3d7",
  "#a2eeef",
  "#7057ff",
  "#008672",
  "#e4e669",
  "#d876e3",
  "#ffffff",
  "#000000",
  "#ef4444",
  "#f97316",
  "#f59e0b",
  "#eab308",
  "#84cc16",
  "#22c55e",
  "#10b981",
  "#14b8a6",
  "#06b6d4",
  "#0ea5e9",
  "#3b82f6",
  "#6366f1",
  "#8b5cf6",
  "#a855f7",
  "#d946ef",
  "#ec4899",
  "#f43f5e",
  "#64748b",
];

/** Short words for file names and storage paths. */
export const FILE_WORDS =
  "report invoice screenshot design notes contract roadmap budget summary export backup diagram mockup slides proposal agenda receipt photo logo avatar".split(
    " ",
  );
