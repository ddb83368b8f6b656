using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace P2P.Hosting.Problems;

/// <summary>The 400 answer every route gives a file name that breaks <c>SharedFileName</c>'s rule.</summary>
public static class FileNameProblem
{
    public static ProblemHttpResult Invalid(string error) =>
        TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid file name.");
}
