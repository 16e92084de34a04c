using Microsoft.Extensions.Options;

namespace Nimbus.Edge.Cache;

/// <summary>Checks <see cref="HttpCacheOptions"/> at start and reports every problem at once.</summary>
internal sealed class HttpCacheOptionsValidator : IValidateOptions<HttpCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpCacheOptions options)
    {
        List<string>? errors = null;
        if (options.MaxBytes <= 0)
        {
            (errors ??= []).Add($"MaxBytes must be positive (was {options.MaxBytes}).");
        }

        if (options.MaxEntryBytes <= 0 || options.MaxEntryBytes > options.MaxBytes)
        {
            (errors ??= []).Add($"MaxEntryBytes must be positive and at most MaxBytes (was {options.MaxEntryBytes}).");
        }

        if (options.MaxEntryBytes > Array.MaxLength)
        {
            (errors ??= []).Add($"MaxEntryBytes must be at most {Array.MaxLength} (was {options.MaxEntryBytes}).");
        }

        if (!(options.HeuristicFraction >= 0 && options.HeuristicFraction <= 1))
        {
            (errors ??= []).Add($"HeuristicFraction must be between 0 and 1 (was {options.HeuristicFraction}).");
        }

        if (options.MaxHeuristicFreshness < TimeSpan.Zero)
        {
            (errors ??= []).Add($"MaxHeuristicFreshness must not be negative (was {options.MaxHeuristicFreshness}).");
        }

        if (options.MaxVariantsPerUri < 1)
        {
            (errors ??= []).Add($"MaxVariantsPerUri must be at least 1 (was {options.MaxVariantsPerUri}).");
        }

        return errors is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
