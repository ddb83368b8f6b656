using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;

namespace P2P.Maestro.Directory;

/// <summary>Checks a registration before it touches the index; returns field errors in problem-details form.</summary>
public static class RegistrationValidator
{
    public static Dictionary<string, string[]> Validate(PeerRegistration registration, int maxFiles)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PeerId.IsValid(registration.Id))
        {
            errors["id"] = [PeerId.Rule];
        }
        CheckUrl(errors, "rest_url", registration.RestUrl);
        CheckUrl(errors, "grpc_url", registration.GrpcUrl);

        if (registration.Files is null)
        {
            errors["files"] = ["A list of files is required (it may be empty)."];
            return errors;
        }
        if (registration.Files.Count > maxFiles)
        {
            errors["files"] = [$"A registration lists at most {maxFiles} files; this one lists {registration.Files.Count}."];
            return errors;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < registration.Files.Count; i++)
        {
            var file = registration.Files[i];
            var problems = new List<string>();
            if (file is null)
            {
                errors[$"files[{i}]"] = ["A file entry cannot be null."];
                continue;
            }
            if (SharedFileName.Validate(file.Name) is { } nameError)
            {
                problems.Add(nameError);
            }
            else if (!seen.Add(file.Name))
            {
                problems.Add($"'{file.Name}' is listed twice.");
            }
            if (file.Size < 0)
            {
                problems.Add("The size cannot be negative.");
            }
            if (!WireRules.IsSha256(file.Sha256))
            {
                problems.Add("sha256 must be 64 lower-case hexadecimal digits.");
            }
            if (problems.Count > 0)
            {
                errors[$"files[{i}]"] = [.. problems];
            }
        }
        return errors;
    }

    private static void CheckUrl(Dictionary<string, string[]> errors, string field, string? value)
    {
        // The rule every peer reading the Maestro's answers applies: a URL it accepts here is one they can use.
        if (!WireRules.IsHttpUrl(value))
        {
            errors[field] = ["An absolute http:// or https:// URL is required."];
        }
    }
}
