namespace KhConferenceBot.Teams.Cards;

// Written in camelCase ("extraLarge"), the form the Adaptive Card schema lists; renderers compare case-insensitively.

public enum TextSize { Default, Small, Medium, Large, ExtraLarge }

public enum TextWeight { Default, Lighter, Bolder }

public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }

public enum TextBlockStyle { Default, Heading }

public enum HorizontalAlignment { Left, Center, Right }

public enum VerticalContentAlignment { Top, Center, Bottom }

public enum Spacing { Default, None, Small, Medium, Large, ExtraLarge, Padding }

public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

public enum ChoiceInputStyle { Compact, Expanded, Filtered }

/// <summary>Teams ignores positive/destructive on some clients; they are hints, never the only cue.</summary>
public enum ActionStyle { Default, Positive, Destructive }

public enum AssociatedInputs { Auto, None }
