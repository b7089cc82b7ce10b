namespace DeepSeek.Training.Tests;

public sealed class LearningRateScheduleTests
{
    private const double Peak = 1e-3;
    private const double Floor = 1e-4;

    [Fact]
    public void WarmupRisesLinearlyToThePeak()
    {
        var schedule = new LearningRateSchedule(Peak, Floor, warmupSteps: 10, totalSteps: 111);
        Assert.Equal(1e-4, schedule.At(0), 12);
        Assert.Equal(5e-4, schedule.At(4), 12);
        Assert.Equal(Peak, schedule.At(9), 12);
        Assert.Equal(Peak, schedule.At(10), 12);
    }

    [Fact]
    public void CosineReachesTheMidpointHalfwayAndTheFloorAtTheLastStep()
    {
        var schedule = new LearningRateSchedule(Peak, Floor, warmupSteps: 10, totalSteps: 111);
        Assert.Equal((Peak + Floor) / 2, schedule.At(60), 12);
        Assert.Equal(Floor, schedule.At(110), 12);
        Assert.Equal(Floor, schedule.At(500), 12);
        for (var step = 10; step < 110; step++) Assert.True(schedule.At(step + 1) < schedule.At(step));
    }

    [Fact]
    public void WithoutWarmupTheFirstStepUsesThePeak()
    {
        var schedule = new LearningRateSchedule(Peak, Floor, warmupSteps: 0, totalSteps: 5);
        Assert.Equal(Peak, schedule.At(0), 12);
        Assert.Equal(Floor, schedule.At(4), 12);
    }
}
