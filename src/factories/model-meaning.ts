// What a model stands for, read from its name: an organisation (named like a company), a project
// (named like a product), a label (a short word), a person, or a file. The last word of the model
// name decides (`WorkspaceMember` is a member, `ProjectLabel` a label); unknown models mean nothing.
import { nameWords, singular } from "./name-words.js";

export type ModelMeaning = "organisation" | "project" | "label" | "person" | "file";

const MEANINGS: Record<ModelMeaning, readonly string[]> = {
  organisation: [
    "organization",
    "organisation",
    "org",
    "workspace",
    "team",
    "company",
    "tenant",
    "business",
    "agency",
    "firm",
    "enterprise",
    "store",
    "shop",
    "brand",
    "vendor",
    "supplier",
    "merchant",
  ],
  project: [
    "project",
    "product",
    "app",
    "application",
    "repository",
    "repo",
    "board",
    "campaign",
    "service",
    "initiative",
    "program",
    "portfolio",
  ],
  label: ["label", "tag", "category", "topic", "keyword", "genre"],
  person: [
    "user",
    "member",
    "person",
    "people",
    "profile",
    "author",
    "customer",
    "contact",
    "employee",
    "participant",
    "attendee",
    "student",
    "teacher",
    "patient",
    "owner",
    "assignee",
    "reviewer",
    "subscriber",
    "player",
    "candidate",
    "applicant",
    "guest",
    "speaker",
    "staff",
    "collaborator",
    "reader",
    "viewer",
    "follower",
    "buyer",
    "seller",
    "driver",
    "manager",
    "admin",
  ],
  file: ["file", "document", "attachment", "asset", "upload", "image", "photo", "media"],
};

const BY_WORD = new Map<string, ModelMeaning>(
  Object.entries(MEANINGS).flatMap(([meaning, words]) => words.map((w) => [w, meaning as ModelMeaning])),
);

export function modelMeaning(modelName: string): ModelMeaning | undefined {
  const words = nameWords(modelName);
  const last = words[words.length - 1];
  return last === undefined ? undefined : BY_WORD.get(singular(last));
}
