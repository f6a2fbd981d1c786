// Each collection runs a whole stack (bot, Playground, maybe chromium); on two cores they are kinder run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
