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
