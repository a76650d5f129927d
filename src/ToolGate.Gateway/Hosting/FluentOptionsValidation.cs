using FluentValidation;
using Microsoft.Extensions.Options;

namespace ToolGate.Gateway.Hosting;

/// <summary>Runs a FluentValidation validator as options validation, reporting every failure.</summary>
internal sealed class FluentOptionsValidation<T>(IValidator<T> validator) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"));
    }
}
