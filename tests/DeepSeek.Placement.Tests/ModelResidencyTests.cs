using DeepSeek.Grains.Devices;

namespace DeepSeek.Placement.Tests;

public sealed class ModelResidencyTests
{
    [Fact]
    public void MakingRoomEvictsTheLeastRecentlyUsedIdleModel()
    {
        var residency = new ModelResidency(80);
        residency.Add("a", 30);
        residency.Add("b", 30);
        residency.Touch("a");

        Assert.Equal(["b"], residency.PlanEviction(40, _ => true));
    }

    [Fact]
    public void ABusyModelStaysEvenWhenItIsTheOldest()
    {
        var residency = new ModelResidency(80);
        residency.Add("a", 30);
        residency.Add("b", 30);

        Assert.Equal(["b"], residency.PlanEviction(40, m => m != "a"));
        Assert.Null(residency.PlanEviction(40, _ => false));
    }

    [Fact]
    public void AModelLargerThanTheDeviceNeverFits()
    {
        var residency = new ModelResidency(80);

        Assert.False(residency.CanEverHold(81));
        Assert.Null(residency.PlanEviction(81, _ => true));
        Assert.Empty(residency.PlanEviction(80, _ => true)!);
    }
}
